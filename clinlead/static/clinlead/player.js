// After htmx swaps in an exercise's feedback, move focus to it so keyboard and screen-reader
// users land on what changed. Without JavaScript the form posts and the page reloads at #exercise-….
document.body.addEventListener("htmx:afterSettle", (event) => {
  const section = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest(".clinlead-exercise") : null;
  const target = section || document.getElementById(event.detail.target && event.detail.target.id);
  if (!target) return;
  const error = target.querySelector(".nhsuk-error-message");
  const feedback = target.querySelector(".clinlead-feedback");
  if (error) {
    // The first field with its own error (an item without a position), else the exercise's first field.
    const fields = "input:not([type=hidden]), textarea, select";
    const field = target.querySelector(`.nhsuk-form-group--error :is(${fields})`) || target.querySelector(fields);
    if (field) field.focus();
  } else if (feedback && feedback.textContent.trim()) {
    feedback.focus();
  }
});

// Time on page for signed-in learners: count the seconds the page is visible, and send the running
// total when the page is hidden or left. The server keeps the largest total per view, so a repeated
// beacon changes nothing. Without JavaScript the server uses the gap until the next page instead.
(() => {
  const holder = document.querySelector("[data-view-id]");
  if (!holder || !navigator.sendBeacon) return;
  let visibleMs = 0;
  let visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  const total = () => visibleMs + (visibleSince ? Date.now() - visibleSince : 0);
  const send = () => {
    const body = new FormData();
    body.append("view_id", holder.dataset.viewId);
    body.append("seconds", String(Math.round(total() / 1000)));
    body.append("csrfmiddlewaretoken", holder.dataset.csrf);
    navigator.sendBeacon(holder.dataset.timeUrl, body);
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      if (visibleSince) visibleMs += Date.now() - visibleSince;
      visibleSince = null;
      send();
    } else {
      visibleSince = Date.now();
    }
  });
  window.addEventListener("pagehide", send);
})();

// Animations may not move unless they can be stopped (WCAG 2.2.2). The page shows each one's still picture;
// where the device does not ask for reduced motion, the moving picture is swapped in with a Pause button.
// An SVG shown by <img> cannot be paused from the page (and inline SVG would need inline styles, which the
// Content-Security-Policy refuses), so Pause shows the still picture and Play the moving one from the start.
(() => {
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  document.querySelectorAll(".clinlead-animation[data-animated-src]").forEach((figure) => {
    const image = figure.querySelector("img");
    if (!image) return;
    const still = image.getAttribute("src");
    const moving = figure.dataset.animatedSrc;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small clinlead-animation__control";
    const show = (playing) => {
      image.setAttribute("src", playing ? moving : still);
      figure.dataset.playing = String(playing);
      button.textContent = playing ? "Pause animation" : "Play animation";
    };
    button.addEventListener("click", () => show(figure.dataset.playing !== "true"));
    image.insertAdjacentElement("afterend", button);
    const followPreference = () => {
      button.hidden = reducedMotion.matches;
      show(!reducedMotion.matches);
    };
    reducedMotion.addEventListener("change", followPreference);
    followPreference();
  });
})();

// After htmx swaps in an exercise's feedback, move focus to it so keyboard and screen-reader
// users land on what changed. Without JavaScript the form posts and the page reloads at #exercise-….
document.body.addEventListener("htmx:afterSettle", (event) => {
  const section = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest(".clinlead-exercise") : null;
  const target = section || document.getElementById(event.detail.target && event.detail.target.id);
  if (!target) return;
  const error = target.querySelector(".nhsuk-error-message");
  const feedback = target.querySelector(".clinlead-feedback");
  if (error) {
    const field = target.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus();
  } else if (feedback && feedback.textContent.trim()) {
    feedback.focus();
  }
});

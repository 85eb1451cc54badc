"""What exists in the catalogue. Only `loading.py` writes these; other apps read through `api.py`.

Every object that other systems may refer to has a big integer id, a uuid and a human key
unique in its programme (see ../shared/STYLE.md).
"""

import uuid

from django.db import models


class Programme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    intro_html = models.TextField()
    framework_key = models.SlugField(max_length=100)
    framework_title = models.CharField(max_length=200)
    framework_summary = models.TextField()
    framework_intro_html = models.TextField()

    def __str__(self) -> str:
        return self.title


class SitePage(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="site_pages")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveIntegerField()
    html = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="unique_site_page_slug")]
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.title


class Domain(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="domains")
    key = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    senior = models.BooleanField(default=False)
    position = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="unique_domain_key")]
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class Element(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="elements")
    key = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    position = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["domain", "key"], name="unique_element_key")]
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class Session(models.Model):
    """A session exists once per programme; its content lives in versions, and learners keep theirs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=100)
    current_version = models.ForeignKey("SessionVersion", on_delete=models.PROTECT, null=True, related_name="+")
    # A session taken out of the content stays, so records of it still resolve; it is just not listed.
    retired = models.BooleanField(default=False)
    elements = models.ManyToManyField(Element, related_name="sessions", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="unique_session_key")]

    def __str__(self) -> str:
        return self.key


class SessionVersion(models.Model):
    """One published version of a session, never changed once written."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    minutes = models.PositiveIntegerField()
    sample = models.BooleanField(default=False)
    objectives = models.JSONField(default=list)
    element_keys = models.JSONField(default=list)
    pages = models.JSONField(default=list)
    page_count = models.PositiveIntegerField()
    pass_mark = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Percent of marked exercises to answer correctly to complete; none if empty."
    )
    source_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # The Electronic Staff Record's competence name for the session (empty: the default one) and how many months
    # a completion counts for there (none: it never expires).
    esr_competence = models.CharField(max_length=240, blank=True, default="")
    esr_expiry_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "version"], name="unique_session_version")]

    def __str__(self) -> str:
        return f"{self.session.key} v{self.version}"


class Pathway(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pathways")
    key = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveIntegerField()
    intro_html = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="unique_pathway_key")]
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.title


class PathwayGroup(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    intro_html = models.TextField()
    domain = models.ForeignKey(Domain, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class PathwayEntry(models.Model):
    group = models.ForeignKey(PathwayGroup, on_delete=models.CASCADE, related_name="entries")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.group} #{self.position}"


class LibraryItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="library_items")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=[("article", "E-article"), ("video", "Video")])
    summary = models.TextField()
    minutes = models.PositiveIntegerField()
    html = models.TextField()
    video = models.JSONField(default=dict)
    domains = models.ManyToManyField(Domain, related_name="library_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="unique_library_key")]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

"""Blog models: posts, comments and the rules for publishing them (the M in MVT)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from {{ cookiecutter.project_slug }}.core.models import (
    TimeStampedModel,
)
from {{ cookiecutter.project_slug }}.images.fields import (
    UploadedImageField,
)

from .querysets import CommentQuerySet, PostQuerySet
from .slugs import RESERVED_SLUGS, SLUG_MAX_LENGTH, UniqueSlugModel

# The longest texts a user may store, in characters: a long article (some 8,000
# words), and a comment. Django's request cap alone (2.5 MB) would let one post make
# every page that lists it megabytes long. TextField's max_length only sizes the
# form's field; the validator makes the model (the admin, publish()) hold to it too.
POST_BODY_MAX_LENGTH = 50_000
COMMENT_MAX_LENGTH = 2000


class Post(UniqueSlugModel, TimeStampedModel):
    """An article: a draft that only its author sees, until it is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "Part of the post's web address. Leave empty to make one from the title."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("author"),
    )
    # Blank is allowed so a draft can start as a title; clean() requires a body
    # before the post is published.
    body = models.TextField(
        _("body"),
        blank=True,
        max_length=POST_BODY_MAX_LENGTH,
        validators=[MaxLengthValidator(POST_BODY_MAX_LENGTH)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Set when the post is first published; a later date schedules it."),
    )

    # An optional picture, checked and cleaned on upload; the worker makes its
    # smaller copies (images/fields.py). Its size is kept so pages can reserve room.
    cover = UploadedImageField(
        _("cover image"),
        folder="covers",
        renditions_field="cover_renditions",
        width_field="cover_width",
        height_field="cover_height",
        blank=True,
    )
    cover_alt = models.CharField(
        _("cover description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The widths of the smaller copies the worker has made, once it has.
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        # Newest first; the id orders posts published at the same moment, so that
        # every post has one place in the list.
        ordering = ("-published_at", "-id")
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = (
            # Each index holds the rows in the order a page lists them: the database
            # reads a page's posts one after another and stops, however many exist.
            # The list: published posts, by date.
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="blog_post_published_idx",
            ),
            # Someone's drafts.
            models.Index(
                fields=["author", "status", "-published_at", "-id"],
                name="blog_post_author_status_idx",
            ),
            # The sitemap's date of the latest change.
            models.Index(fields=["-modified"], name="blog_post_modified_idx"),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A published post always has a date, however it was published
        # (publish(), the form or the admin).
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)  # UniqueSlugModel picks the slug

    def get_absolute_url(self):
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = gettext(
                '"%(slug)s" is used by the blog\'s own pages; choose another.'
            ) % {"slug": self.slug}
        if self.status == self.Status.PUBLISHED and not self.body.strip():
            errors["body"] = gettext(
                "A published post needs a body; save it as a draft."
            )
        if self.cover and not self.cover_alt.strip():
            errors["cover_alt"] = gettext(
                "Describe the picture for readers who cannot see it."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_visible_to(self, user):
        """Published posts are for everyone; drafts only for their author."""
        return self.is_published or self.can_be_edited_by(user)

    def can_be_edited_by(self, user):
        """Only a post's author may edit or delete it."""
        return user.is_authenticated and user.pk == self.author_id

    def publish(self):
        """Make the post public now, or keep the date it was first published."""
        self.status = self.Status.PUBLISHED
        self.full_clean()  # the same rules as the form, e.g. no empty post
        self.save()  # save() stamps published_at if the post has no date yet


class Comment(TimeStampedModel):
    """A reader's reply to a post."""

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("post"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(
        _("comment"),
        max_length=COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ("created",)
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        # Its own text, not its author's or post's: lists of comments (the admin's
        # inline, its delete confirmation) would otherwise query both for each one.
        # Eight words, and no more than 60 characters however long a word is.
        return Truncator(Truncator(self.body).words(8)).chars(60)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    def should_notify_post_author(self):
        """Whether the post's author gets a mail about this comment: not for their
        own comments, and only if they gave an address."""
        return self.author_id != self.post.author_id and bool(self.post.author.email)

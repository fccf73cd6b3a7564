"""Unique slugs for posts, made from the title when none is typed: part of the model."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

# Words the blog's own URLs use (/blog/new/, /blog/drafts/): a post with one of
# these slugs could never be reached.
RESERVED_SLUGS = frozenset({"new", "drafts"})
SLUG_MAX_LENGTH = 200
# How many times save() picks another slug when a concurrent save took its choice:
# enough for as many saves of one title at once.
SLUG_ATTEMPTS = 10


class UniqueSlugModel(models.Model):
    """A base whose save() keeps the ``slug`` unique, made from the ``title`` when
    empty; the model that uses it defines both fields."""

    title: str
    slug: str

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.slug:
            self._save_with_the_slug_given(*args, **kwargs)
        else:
            self._save_with_a_slug_from_title(*args, **kwargs)

    def _save_with_the_slug_given(self, *args, **kwargs):
        # A form checks that a typed slug is free, but a post saved at the same moment
        # may take it before this insert: say so as the form would, not with a 500.
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            if not self._slug_taken(self.slug):
                raise  # not the slug: a real error
            raise ValidationError(
                {"slug": self.unique_error_message(type(self), ("slug",))}
            ) from None

    def _save_with_a_slug_from_title(self, *args, **kwargs):
        # Two posts with one title saved at the same moment both find the same slug
        # free, and one insert fails on the unique index. Inside a savepoint that
        # failure undoes only this attempt: pick the next free slug and try again.
        for attempt in range(1, SLUG_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    self.slug = self._unique_slug_from_title()
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if attempt == SLUG_ATTEMPTS or not self._slug_taken(self.slug):
                    self.slug = ""
                    raise  # not the slug, or taken every time: a real error

    def _unique_slug_from_title(self):
        # Leave room for a "-2", "-3"... suffix within max_length.
        base = slugify(self.title)[: SLUG_MAX_LENGTH - 8]
        base = base.strip("-") or "post"
        slug, suffix = base, 1
        while slug in RESERVED_SLUGS or self._slug_taken(slug):
            suffix += 1
            slug = f"{base}-{suffix}"
        return slug

    def _slug_taken(self, slug):
        # The concrete model's manager: this base has no table of its own.
        others = type(self)._default_manager.exclude(pk=self.pk)
        return others.filter(models.Q(slug=slug)).exists()

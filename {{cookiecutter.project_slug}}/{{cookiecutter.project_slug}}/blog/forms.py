"""Forms: what a user may type to write a post or a comment, and how it is checked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment, Post


class PostForm(forms.ModelForm):
    """Write or edit a post; the model's own rules (clean()) are checked too."""

    class Meta:
        model = Post
        fields = ("title", "slug", "body", "cover", "cover_alt", "status")

    def clean_title(self):
        # Runs of spaces or line breaks pasted into a title are never wanted.
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 3:
            raise forms.ValidationError(
                _("Give the post a title of 3 characters or more.")
            )
        return title


class CommentForm(forms.ModelForm):
    """Reply to a post."""

    class Meta:
        model = Comment
        fields = ("body",)

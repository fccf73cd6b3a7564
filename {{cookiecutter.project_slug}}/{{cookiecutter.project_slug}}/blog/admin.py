"""Admin: manage posts, with their comments inline, from Django's admin site."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Comment, Post


class CommentInline(admin.TabularInline):
    """The post's comments, to correct or delete; readers write them on the site."""

    model = Comment
    extra = 0
    fields = ("author", "body", "created")
    # An editable author would cost a query per comment (its widget looks the
    # user up); shown as text, all authors come in the comments' one query.
    readonly_fields = ("author", "created")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    # A filtered list counts its rows for the pages; not the whole table besides,
    # which at a million rows costs as much again.
    show_full_result_count = False
    list_display = ("title", "author", "status", "published_at")
    list_filter = ("status", "published_at")
    list_select_related = ("author",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author",)
    date_hierarchy = "published_at"
    inlines = (CommentInline,)
    actions = ("publish_selected",)

    @admin.action(description=_("Publish selected posts"))
    def publish_selected(self, request, queryset):
        # Post.publish() checks the same rules as the site's form, e.g. no empty post.
        refused = []
        for post in queryset:
            try:
                post.publish()
            except ValidationError:
                refused.append(post.title)
        published = len(queryset) - len(refused)
        self.message_user(
            request,
            ngettext(
                "Published %(count)d post.", "Published %(count)d posts.", published
            )
            % {"count": published},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                gettext("Not published (open them to see why): %(titles)s.")
                % {"titles": ", ".join(refused)},
                messages.WARNING,
            )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    show_full_result_count = False  # as PostAdmin's
    list_display = ("post", "author", "created")
    list_select_related = ("post", "author")
    search_fields = ("body",)
    autocomplete_fields = ("post", "author")

"""Languages: the site in English and Brazilian Portuguese, one address per language.

The address names the language (/blog/ in English, /pt-br/blog/ in Portuguese;
config/urls.py), so a cached page never reaches a reader of another language.
middleware.py turns that language on; context_processors.py gives every page its
address in each language, which languages/links.html shows as links for readers and
as hreflang alternates for search engines. Each app keeps its own translations in
its locale/ folder.
"""

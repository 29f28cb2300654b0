"""The portal's own date and number formats (settings.FORMAT_MODULE_PATH), for the languages
Django ships none for (Kazakh); Django's own are used for the others (ru, en)."""

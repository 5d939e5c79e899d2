"""The interface speaks Vietnamese unless the person chose English (language cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, and many agency computers
run an English browser: the product's language is Vietnamese by default (MISSION: Vietnamese first).
"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # the request's language ends with the request
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

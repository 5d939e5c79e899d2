"""Django admin: the catalogues are shown read-only to system administrators. They are changed on
the "Danh mục" screens, whose services check the legal rules and write the audit log (ADM-1)."""

from django.contrib import admin

from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentType)
class DocumentTypeAdmin(ReadOnlyAdmin):
    list_display = ("name", "abbreviation", "sort_order", "is_active", "is_legal_default")
    search_fields = ("name", "abbreviation")


@admin.register(Field)
class FieldAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    search_fields = ("name", "code")


@admin.register(UrgencyLevel)
class UrgencyLevelAdmin(ReadOnlyAdmin):
    list_display = ("name", "edxml_priority", "is_active", "is_legal_default")


@admin.register(ConfidentialityLevel)
class ConfidentialityLevelAdmin(ReadOnlyAdmin):
    list_display = ("name", "is_secret", "sort_order", "is_active", "is_legal_default")


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency_code", "email", "is_active")
    search_fields = ("name", "agency_code")

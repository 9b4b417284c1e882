"""Forms of the catalogue pages; they validate input, services do the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.models import DataRequest, Dataset, ReuseKind, SourceType
from scdt.directory.models import Organisation, Topic

NO_CHOICE = [("", "—")]


class DataRequestForm(forms.Form):
    title = forms.CharField(label=_("What data do you need?"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What should the data contain, for which area and period?"),
    )  # fmt: skip
    purpose = forms.CharField(
        label=_("Purpose or use case"), max_length=3000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would you build or decide with it? Publishers prioritise by this."),
    )  # fmt: skip
    wanted_format = forms.CharField(label=_("Wanted format"), max_length=20, required=False,
                                    help_text=_("For example CSV, GeoJSON or an API."))  # fmt: skip
    wanted_frequency = forms.ChoiceField(
        label=_("Wanted update frequency"), choices=NO_CHOICE + vocab.FREQUENCY_CHOICES, required=False
    )
    city = forms.ChoiceField(
        label=_("City"), required=False,
        choices=[*NO_CHOICE, ("Turku", "Turku"), ("Gdańsk", "Gdańsk"), ("Wrocław", "Wrocław"),
                 ("Vilnius", "Vilnius")],
    )  # fmt: skip
    addressed_to = forms.ModelChoiceField(
        label=_("Addressed to (publisher)"), queryset=Organisation.objects.all(), required=False,
        help_text=_("The organisation that could publish the data, if you know it."),
    )  # fmt: skip
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    planned_for = forms.DateField(label=_("Planned publication date"), widget=forms.DateInput(attrs={"type": "date"}))


class FulfilForm(forms.Form):
    dataset = forms.CharField(
        label=_("Dataset that fulfils the request"), max_length=300,
        help_text=_("The dataset's address in this catalogue, or its short name (slug)."),
    )  # fmt: skip

    def clean_dataset(self):
        value = self.cleaned_data["dataset"].strip().rstrip("/")
        slug = value.rsplit("/", 1)[-1]
        dataset = Dataset.objects.filter(slug=slug, withdrawn=False).first()
        if dataset is None:
            raise forms.ValidationError(_("No dataset of the catalogue has that address."))
        return dataset


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into request number"), min_value=1,
        help_text=_("Votes, followers and the requester move to that request."),
    )  # fmt: skip

    def clean_into(self):
        target = DataRequest.objects.filter(pk=self.cleaned_data["into"]).first()
        if target is None:
            raise forms.ValidationError(_("There is no request with that number."))
        return target


class ReuseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReuseKind.choices)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
    datasets = forms.CharField(
        label=_("Datasets used"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One dataset address or short name (slug) per line."),
    )  # fmt: skip

    def clean_datasets(self):
        slugs = [line.strip().rstrip("/").rsplit("/", 1)[-1] for line in self.cleaned_data["datasets"].splitlines()]
        slugs = [s for s in slugs if s][:50]
        datasets = list(Dataset.objects.filter(slug__in=slugs))
        unknown = set(slugs) - {d.slug for d in datasets}
        if unknown:
            raise forms.ValidationError(_("Not in the catalogue: %(slugs)s") % {"slugs": ", ".join(sorted(unknown))})
        if not datasets:
            raise forms.ValidationError(_("Name at least one dataset."))
        return datasets


class HarvestSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=SourceType.choices)
    url = forms.URLField(
        label=_("Endpoint"), max_length=500, assume_scheme="https",
        help_text=_("CKAN: the portal or its /api/3/action/ address; DCAT: the catalogue file; "
                    "dane.gov.pl: https://api.dane.gov.pl/1.4/"),
    )  # fmt: skip
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country code"), max_length=5, required=False)
    default_language = forms.ChoiceField(
        label=_("Language of the records"),
        choices=[("en", "English"), ("fi", "suomi"), ("pl", "polski"), ("lt", "lietuvių")],
    )
    organisation = forms.ModelChoiceField(
        label=_("Publishing organisation"), queryset=Organisation.objects.all(), required=False
    )
    enabled = forms.BooleanField(label=_("Harvest periodically"), required=False, initial=True)
    interval_hours = forms.IntegerField(label=_("Hours between harvests"), min_value=1, max_value=24 * 90, initial=24)

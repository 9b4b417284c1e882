from django.http import HttpResponse


def dataset_list(request):
    return HttpResponse("")


def dataset_detail(request, slug):
    return HttpResponse("")

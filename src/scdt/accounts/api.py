"""The signed-in person on the API: who am I, and my personal API tokens."""

import datetime as dt

from ninja import Field, Router, Schema

from scdt.accounts import queries, services
from scdt.accounts.authentication import API_AUTH

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int = Field(examples=[42])
    email: str = Field(examples=["anna@turku.fi"])
    verified: bool = Field(description="The e-mail address is verified.", examples=[True])
    language: str = Field(description="Preferred language (en, fi, pl, lt).", examples=["fi"])
    profile_id: int | None = Field(
        description="The participant profile, if one exists.", examples=[7]
    )


class TokenOut(Schema):
    id: int = Field(examples=[3])
    name: str = Field(examples=["city dashboard sync"])
    prefix: str = Field(
        description="The token's first characters, to recognise it.", examples=["scdt_Ab3x9"]
    )
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(
        description="The token itself. Shown only in this response; store it now.",
        examples=["scdt_Ab3x9…"],
    )


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100, examples=["city dashboard sync"])


class ErrorOut(Schema):
    detail: str
    errors: list[dict]


def _token_out(token) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


@router.get(
    "/me", auth=API_AUTH, response={200: MeOut, 401: ErrorOut}, summary="The signed-in person"
)
def me(request):
    user = request.auth
    profile = getattr(user, "profile", None)
    return {
        "id": user.pk,
        "email": user.email,
        "verified": user.is_verified,
        "language": user.preferred_language,
        "profile_id": profile.pk if profile is not None else None,
    }


@router.get(
    "/me/tokens",
    auth=API_AUTH,
    response={200: list[TokenOut], 401: ErrorOut},
    summary="My API tokens",
)
def list_tokens(request):
    return [_token_out(t) for t in queries.tokens_of(request.auth)]


@router.post(
    "/me/tokens",
    auth=API_AUTH,
    response={201: TokenCreatedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Create an API token (the token is returned once)",
)
def create_token(request, payload: TokenIn):
    token, raw = services.create_api_token(user=request.auth, name=payload.name)
    return 201, {**_token_out(token), "token": raw}


@router.delete(
    "/me/tokens/{token_id}",
    auth=API_AUTH,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Revoke one of my API tokens",
)
def revoke_token(request, token_id: int):
    return _token_out(services.revoke_api_token(user=request.auth, token_id=token_id))

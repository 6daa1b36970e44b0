"""A client generated from the served /api/openapi.json by openapi-python-client is pleasant to
use: few model classes (the errors share one `Error` type through `components`), and it works end
to end: register, log in, create, get, list, and a parsed 404 envelope."""
import importlib
import json
import os
import subprocess
import sys
import tempfile
import uuid

import pytest
import requests

from conftest import BASE

GENERATOR = os.path.join(os.path.dirname(sys.executable), "openapi-python-client")


@pytest.fixture(scope="module")
def generated():
    if not os.path.exists(GENERATOR):
        pytest.skip("openapi-python-client is not installed (deploy/test.sh installs it)")
    folder = tempfile.mkdtemp(prefix="agora-client-")
    document = os.path.join(folder, "openapi.json")
    with open(document, "wb") as f:
        f.write(requests.get(BASE + "/api/openapi.json", timeout=30).content)
    config = os.path.join(folder, "config.yaml")
    with open(config, "w") as f:
        f.write("post_hooks: []\nproject_name_override: agora_client\npackage_name_override: agora_client\n")
    result = subprocess.run([GENERATOR, "generate", "--path", document, "--meta", "none", "--config", config,
                             "--output-path", os.path.join(folder, "agora_client")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, folder)
    try:
        yield folder
    finally:
        sys.path.remove(folder)


def module(name):
    return importlib.import_module("agora_client." + name)


def test_generated_client_hasFewModels(generated):
    models = [name for name in os.listdir(os.path.join(generated, "agora_client", "models"))
              if name.endswith(".py") and name != "__init__.py"]
    document = json.load(open(os.path.join(generated, "openapi.json")))
    operations = sum(1 for path in document["paths"].values() for method in path
                     if method in ("get", "post", "put", "patch", "delete"))
    # About one per operation (its body or page), the component schemas, and nothing per error.
    assert len(models) <= operations + len(document["components"]["schemas"]), (len(models), operations)
    # One error type for every error response.
    assert "error.py" in models
    assert not [name for name in models if name.startswith("error") and "response" in name], models


def test_generated_client_worksEndToEnd(generated):
    client_module = module("client")
    models = module("models")
    name = "gen_" + uuid.uuid4().hex[:10]
    anonymous = client_module.Client(base_url=BASE, raise_on_unexpected_status=True)

    register = module("api.auth.auth_register")
    created = register.sync(client=anonymous, body=models.AuthRegisterBody(
        username=name, email=f"{name}@example.com", password="correct horse battery staple"))
    assert created.user.username == name

    login = module("api.auth.auth_login")
    tokens = login.sync(client=anonymous, body=models.AuthLoginBody(
        username=name, password="correct horse battery staple"))
    assert tokens.user.id == created.user.id

    authed = client_module.AuthenticatedClient(base_url=BASE, token=tokens.access, raise_on_unexpected_status=True)
    blog = module("api.blogs.blogs_create").sync(client=authed, body=models.BlogsCreateBody(
        title="Generated", content="From a generated client"))
    assert blog.author.username == name

    fetched = module("api.blogs.blogs_retrieve").sync(client=anonymous, id=blog.id)
    assert fetched.title == "Generated" and fetched.views == 1

    page = module("api.blogs.blogs_list").sync(client=anonymous, author=str(created.user.id))
    assert [item.id for item in page.results] == [blog.id]

    missing = module("api.blogs.blogs_retrieve").sync_detailed(client=anonymous, id=blog.id + 10**9)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Error)
    assert missing.parsed.error.code.value == "not_found"

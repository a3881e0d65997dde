"""The add-ons as the control plane's add-on timer (bootstrap/addons.sh) gathers them: every SSM
parameter <prefix>/addons/<file> names an S3 object, {{NAME}} is replaced by the lines of
<prefix>/addons/variables. What the story applies and runs is what the deployed stack ships."""
from __future__ import annotations

import re
from typing import Any

import yaml


def gather(session, cluster_name: str) -> dict[str, str]:
    """File name -> rendered manifest text, from the deployed stack's parameters and assets."""
    ssm = session.client("ssm")
    s3 = session.client("s3")
    parameters = []
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=f"/spotkube/{cluster_name}", Recursive=True):
        parameters += page["Parameters"]
    addon_parameters = [p for p in parameters if "/addons/" in p["Name"]]
    variables: dict[str, str] = {}
    for parameter in addon_parameters:
        if parameter["Name"].endswith("/addons/variables"):
            for line in parameter["Value"].splitlines():
                name, separator, value = line.partition("=")
                if separator and name not in variables:
                    variables[name] = value
    manifests = {}
    for parameter in sorted(addon_parameters, key=lambda p: p["Name"]):
        if parameter["Name"].endswith("/addons/variables"):
            continue
        bucket, _, key = parameter["Value"].removeprefix("s3://").partition("/")
        text = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        for name, value in variables.items():
            text = text.replace("{{" + name + "}}", value)
        unresolved = sorted(set(re.findall(r"\{\{[A-Z][A-Z0-9_]*\}\}", text)))
        if unresolved:
            raise AssertionError(f"{parameter['Name']} uses undefined add-on variables: {unresolved}")
        manifests[parameter["Name"].rsplit("/", 1)[1]] = text
    if not manifests:
        raise AssertionError(f"no add-on parameters under /spotkube/{cluster_name}/**/addons/")
    return manifests


def documents(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d]


def container(manifests: dict[str, str], kind: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the workload object, its first container) named `name` among the add-ons."""
    for text in manifests.values():
        for document in documents(text):
            if document.get("kind") == kind and document["metadata"]["name"] == name:
                return document, document["spec"]["template"]["spec"]["containers"][0]
    raise AssertionError(f"no {kind} {name} among the add-ons {sorted(manifests)}")

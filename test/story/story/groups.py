"""The cluster's Auto Scaling groups, found as the runtime and the registrar find them: by the
cluster tag every group of the cluster carries."""
from __future__ import annotations

from typing import Any


def cluster_groups(autoscaling, cluster_name: str) -> list[dict[str, Any]]:
    groups = []
    for page in autoscaling.get_paginator("describe_auto_scaling_groups").paginate(
            Filters=[{"Name": "tag-key", "Values": [f"kubernetes.io/cluster/{cluster_name}"]}]):
        groups += page["AutoScalingGroups"]
    return groups

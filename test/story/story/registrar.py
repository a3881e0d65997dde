"""The node registrar: stands in for each instance's first kubelet start.

For every running instance of the cluster's node groups in the emulated EC2 it registers the Node
the rendered user data would register: the name (the instance's private DNS name, IMDS
local-hostname), the providerID (aws:///<zone>/<instance id>), the labels and taints of the
kubelet flags written by the group's launch template (`KUBELET_EXTRA_ARGS` in
/etc/default/kubelet), the cloud provider's "uninitialized" taint when the kubeadm configuration
says `cloud-provider: external`, the labels the control plane's add-on timer applies from the
group's node-template tags, and the capacity the kubelet reports for the instance type. Nothing of
that is restated here: it is read from what CloudFormation created.

The Node is then "alive" (kwok, selected by the ALIVE annotation, plays its kubelet: heartbeats
and pods). When its instance stops running, the registrar takes the annotation off, as a kubelet
that died with its instance would stop reporting; the Node's removal is left to the cloud
controller manager, as in a real cluster.
"""
from __future__ import annotations

import base64
import gzip
import re
import shlex
import threading
import urllib.error
from typing import Any

from story.groups import cluster_groups

ALIVE = "story.spotkube.io/kubelet"
UNINITIALIZED_TAINT = {"key": "node.cloudprovider.kubernetes.io/uninitialized", "value": "true", "effect": "NoSchedule"}
TEMPLATE_LABEL_TAG = "k8s.io/cluster-autoscaler/node-template/label/"


def user_data_text(encoded: str) -> str:
    raw = base64.b64decode(encoded)
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode()
    # The bootstrap scripts travel gzip+base64 in heredocs (`base64 -d <<'MARK' | gunzip`): open them.
    for _, blob in re.findall(r"base64 -d <<'(\w+)'[^\n]*\n(.*?)\n\1\n", text, re.DOTALL):
        text += "\n" + gzip.decompress(base64.b64decode("".join(blob.split()))).decode()
    return text


def kubelet_flags(text: str) -> dict[str, str]:
    match = re.search(r'^KUBELET_EXTRA_ARGS="(.*)"$', text, re.MULTILINE)
    if not match:
        return {}
    flags = {}
    for word in shlex.split(match.group(1)):
        name, _, value = word.partition("=")
        flags[name.lstrip("-")] = value
    return flags


def external_cloud_provider(text: str) -> bool:
    """The kubeadm nodeRegistration the bootstrap writes gives the kubelet `cloud-provider: external`."""
    return re.search(r"name: cloud-provider\"?\s*\n\s*echo \"?\s*value: external", text) is not None \
        or re.search(r"name:\s*cloud-provider\s*\n\s*value:\s*\"?external", text) is not None


def parse_taints(flag: str) -> list[dict[str, str]]:
    taints = []
    for item in filter(None, flag.split(",")):
        key_value, _, effect = item.partition(":")
        key, _, value = key_value.partition("=")
        taint = {"key": key, "effect": effect}
        if value:
            taint["value"] = value
        taints.append(taint)
    return taints


def parse_quantities(flag: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in filter(None, flag.split(",")))


def mebibytes(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi|Ki)?", quantity).groups()
    return int(number) * {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, None: 1 / (1024 * 1024)}[unit]


class Registrar:
    def __init__(self, session, kube, cluster_name: str):
        self.ec2 = session.client("ec2")
        self.autoscaling = session.client("autoscaling")
        self.kube = kube
        self.cluster_name = cluster_name
        self.registered: dict[str, str] = {}   # instance id -> node name
        self.dead: set[str] = set()
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="registrar", daemon=True)
        self._user_data: dict[tuple[str, str], str] = {}
        self._types: dict[str, dict[str, Any]] = {}

    def start(self) -> "Registrar":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.wait(1):
            try:
                self.sync()
            except Exception as e:  # noqa: BLE001 - a failed look is retried; the test reads errors
                self.errors.append(repr(e))

    def _groups(self) -> dict[str, dict[str, Any]]:
        return {group["AutoScalingGroupName"]: group for group in cluster_groups(self.autoscaling, self.cluster_name)}

    def sync(self) -> None:
        groups = self._groups()
        running: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        instance_ids = {i["InstanceId"]: name for name, g in groups.items() for i in g["Instances"]}
        if instance_ids:
            reservations = self.ec2.describe_instances(InstanceIds=list(instance_ids))["Reservations"]
            for reservation in reservations:
                for instance in reservation["Instances"]:
                    if instance["State"]["Name"] == "running":
                        running[instance["InstanceId"]] = (instance, groups[instance_ids[instance["InstanceId"]]])
        for instance_id, node_name in list(self.registered.items()):
            if instance_id not in running and instance_id not in self.dead:
                self._kubelet_stops(node_name)
                self.dead.add(instance_id)
        for instance_id, (instance, group) in running.items():
            if instance_id not in self.registered:
                node = self.node_for(instance, group)
                if node is not None:
                    self._register(node)
                    self.registered[instance_id] = node["metadata"]["name"]

    def _launch_template_text(self, group: dict[str, Any]) -> str:
        spec = (group.get("MixedInstancesPolicy", {}).get("LaunchTemplate", {}).get("LaunchTemplateSpecification")
                or group.get("LaunchTemplate"))
        key = (spec["LaunchTemplateId"], str(spec.get("Version", "$Latest")))
        if key not in self._user_data:
            versions = self.ec2.describe_launch_template_versions(
                LaunchTemplateId=key[0], Versions=[key[1]])["LaunchTemplateVersions"]
            self._user_data[key] = user_data_text(versions[0]["LaunchTemplateData"]["UserData"])
        return self._user_data[key]

    def _instance_type(self, name: str) -> dict[str, Any]:
        if name not in self._types:
            self._types[name] = self.ec2.describe_instance_types(InstanceTypes=[name])["InstanceTypes"][0]
        return self._types[name]

    def node_for(self, instance: dict[str, Any], group: dict[str, Any]) -> dict[str, Any] | None:
        text = self._launch_template_text(group)
        flags = kubelet_flags(text)
        if not flags:
            return None   # not a worker group's launch template (the control plane joins by kubeadm init)
        tags = {t["Key"]: t["Value"] for t in group.get("Tags", [])}
        name = instance["PrivateDnsName"]
        zone = instance["Placement"]["AvailabilityZone"]
        labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                  "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64"}
        labels.update(parse_quantities(flags.get("node-labels", "")))
        # The add-on timer's `label` step: the group's node-template labels a kubelet may not set itself.
        labels.update({key[len(TEMPLATE_LABEL_TAG):]: value for key, value in tags.items()
                       if key.startswith(TEMPLATE_LABEL_TAG)})
        taints = parse_taints(flags.get("register-with-taints", ""))
        if external_cloud_provider(text):
            taints.append(dict(UNINITIALIZED_TAINT))
        instance_type = self._instance_type(instance["InstanceType"])
        vcpus = instance_type["VCpuInfo"]["DefaultVCpus"]
        memory_mib = instance_type["MemoryInfo"]["SizeInMiB"]
        reserved = parse_quantities(flags.get("kube-reserved", ""))
        eviction = dict(item.split("<", 1) for item in flags.get("eviction-hard", "").split(",") if "<" in item)
        cpu_reserved = int(reserved.get("cpu", "0m").rstrip("m"))
        memory_reserved = mebibytes(reserved.get("memory", "0Mi")) + mebibytes(eviction.get("memory.available", "0Mi"))
        pods = flags.get("max-pods", "110")
        return {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": labels, "annotations": {ALIVE: "running"}},
            "spec": {"providerID": f"aws:///{zone}/{instance['InstanceId']}", "taints": taints},
            "status": {
                "capacity": {"cpu": str(vcpus), "memory": f"{memory_mib}Mi", "pods": pods},
                "allocatable": {"cpu": f"{vcpus * 1000 - cpu_reserved}m",
                                "memory": f"{int(memory_mib - memory_reserved)}Mi", "pods": pods},
            },
        }

    def _register(self, node: dict[str, Any]) -> None:
        try:
            self.kube.create("/api/v1/nodes", node)
        except urllib.error.HTTPError as e:
            if e.code != 409:
                raise

    def _kubelet_stops(self, node_name: str) -> None:
        try:
            self.kube.merge_patch(f"/api/v1/nodes/{node_name}", {"metadata": {"annotations": {ALIVE: None}}})
        except urllib.error.HTTPError as e:
            if e.code != 404:
                raise

"""The kOps Spot tutorial, deployed: the synthesized stack plays its whole story on emulated AWS
and a real control plane (docs/testing.md says what is real, emulated or a stand-in).

Run by scripts/story.sh (part of scripts/test.sh), which builds and starts etcd, kube-apiserver,
kube-controller-manager, kube-scheduler and kwok, synthesizes the two cloud assemblies and passes:
  CDK_OUT            the default app as scripts/synth.sh writes it, the runtime image given by URI
                     (created first, with `cdk deploy`)
  CDK_OUT_STORY      the same app with the story's shorter scale-down times (the update)
  CDK                the CDK CLI scripts/lib.sh installed
  KUBE_URL, KUBE_ADMIN_TOKEN, KUBE_COMPONENT_TOKEN, KUBECONFIG (admin), KUBECTL
  AWS_CLOUD_CONTROLLER_MANAGER, RUNTIME_JAR, STORY_DIR (logs)

Every link of the story has its own assertion, named "link N" in its message, so a broken link
is named by the failure (docs/testing.md lists which assertion catches which break).
"""
from __future__ import annotations

import json
import logging
import os
import pathlib
import re
import socket
import subprocess
import sys
import urllib.request

import boto3
import pytest

from story import addons
from story.groups import cluster_groups
from story.kube_api import KubeApi
from story.processes import Processes, wait_for
from story.registrar import Registrar
from story.stack import CdkCli

LOG = logging.getLogger("story")
logging.getLogger("botocore").setLevel(logging.WARNING)
REGION = "eu-west-1"
STACK = "SpotKopsCluster"
CLUSTER = "spot-kops-cluster"
TUTORIAL_GROUP = "spot-group-base-2vcpus-8gb"
ROOT = pathlib.Path(__file__).resolve().parents[2]
NGINX = ROOT / "docs/examples/nginx-app.yaml"
ZONE_LABEL = "topology.kubernetes.io/zone"
TYPE_LABEL = "node.kubernetes.io/instance-type"
MANAGED_TAG = "aws-node-termination-handler/managed"
# STORY_BREAK breaks one link on purpose, to show the assertion that catches it (docs/testing.md):
#   untag      the managed tag off every instance and group (what the constructs wrote before)
#   drop-rule  the Spot warning's EventBridge rule deleted
#   stop-ccm   aws-cloud-controller-manager not started
BREAK = os.environ.get("STORY_BREAK", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def world():
    log_dir = pathlib.Path(os.environ.get("STORY_DIR", "/tmp/spotkube-story"))
    log_dir.mkdir(parents=True, exist_ok=True)
    processes = Processes(log_dir)
    moto_port, endpoint_port, metadata_port = free_port(), free_port(), free_port()
    processes.start("aws", [sys.executable, "-m", "story.aws_world", "--moto-port", str(moto_port),
                            "--port", str(endpoint_port), "--metadata-port", str(metadata_port), "--region", REGION],
                    env={"PYTHONPATH": str(pathlib.Path(__file__).parent)})
    endpoint = f"http://127.0.0.1:{endpoint_port}"
    wait_for("the emulated AWS to start", lambda: "ready moto=" in processes.log("aws"), 60,
             diagnose=lambda: processes.log("aws")[-3000:])
    # The AWS SDKs' standard endpoint setting, for boto3 here and for every process started below.
    aws_env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true"}
    os.environ.update(aws_env)
    session = boto3.Session(region_name=REGION)
    yield {"processes": processes, "endpoint": endpoint, "session": session, "aws_env": aws_env,
           "metadata": f"http://127.0.0.1:{metadata_port}",
           "log_dir": log_dir, "kube": KubeApi(os.environ["KUBE_URL"], os.environ["KUBE_ADMIN_TOKEN"])}
    processes.stop_all()


def kubectl(*args: str, check: bool = True) -> str:
    result = subprocess.run([os.environ["KUBECTL"], "--kubeconfig", os.environ["KUBECONFIG"], *args],
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"kubectl {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def post(url: str, body: dict) -> bytes:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def seed(world):
    """Writes an AWS public parameter in the emulator's process (moto refuses it over the API)."""
    return lambda name, value: post(world["endpoint"] + "/_standin/seed-parameter", {"name": name, "value": value})


def groups(session) -> dict[str, dict]:
    """The cluster's Auto Scaling groups by their kOps instance-group name (group tag)."""
    result = {}
    for group in cluster_groups(session.client("autoscaling"), CLUSTER):
        tags = {t["Key"]: t["Value"] for t in group["Tags"]}
        result[tags.get("kops.k8s.io/instancegroup", group["AutoScalingGroupName"])] = group
    return result


def standin(world, path: str):
    with urllib.request.urlopen(world["endpoint"] + path, timeout=30) as response:
        return json.loads(response.read())


def metric(port: int, name: str, **labels: str) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def nginx_pods(kube) -> list[dict]:
    return kube.pods("default", "app=nginx-app")


def phase_count(kube, phase: str) -> int:
    return sum(1 for p in nginx_pods(kube) if p["status"].get("phase") == phase and not p["metadata"].get("deletionTimestamp"))


def test_tutorial_story(world):
    session, kube, processes = world["session"], world["kube"], world["processes"]
    cdk = CdkCli(session, REGION, seed(world), world["log_dir"])

    # ---- the user's path: cdk bootstrap, cdk deploy (create), cdk deploy (the story's change) ----
    default, story = pathlib.Path(os.environ["CDK_OUT"]), pathlib.Path(os.environ["CDK_OUT_STORY"])
    cdk.bootstrap(default)
    created = cdk.deploy(default, STACK, "deploy-create")
    assert created["StackStatus"] == "CREATE_COMPLETE", f"link 1: the default app deploys, got {created['StackStatus']}"
    before = groups(session)
    assert TUTORIAL_GROUP in before, f"link 1: the tutorial's Spot group exists, got {sorted(before)}"
    updated = cdk.deploy(story, STACK, "deploy-update")
    assert updated["StackStatus"] == "UPDATE_COMPLETE", f"link 1: the update deploys, got {updated['StackStatus']}"

    manifests = addons.gather(session, CLUSTER)
    _, runtime_container = addons.container(manifests, "Deployment", "spotkube-runtime")
    unneeded = next(a for a in runtime_container["args"] if a.startswith("--scale-down-unneeded-time="))
    assert unneeded != "--scale-down-unneeded-time=2m", \
        f"link 1: the update's shorter unneeded time reached the shipped manifest ({unneeded})"

    # ---- the add-on timer's apply, the kubelets, the cloud controller manager, the runtime -----
    addon_dir = world["log_dir"] / "addons"
    addon_dir.mkdir(exist_ok=True)
    for name, text in manifests.items():
        (addon_dir / name).write_text(text)
        kubectl("apply", "--server-side", "--force-conflicts", "-f", str(addon_dir / name))

    break_a_link(session)
    registrar = Registrar(session, kube, CLUSTER).start()
    if BREAK != "stop-ccm":
        start_cloud_controller_manager(world, manifests)
    health_port = start_runtime(world, runtime_container)
    world["queue_url"] = next(a.split("=", 1)[1] for a in runtime_container["args"] if a.startswith("--queue-url="))
    try:
        play(world, session, kube, processes, registrar, health_port)
    finally:
        registrar.stop()
        for name in ("runtime", "cloud-controller-manager"):
            processes.stop(name)

    cdk.destroy(story, STACK)
    assert not [s for s in session.client("cloudformation").describe_stacks()["Stacks"]
                if s["StackName"] == STACK and s["StackStatus"] != "DELETE_COMPLETE"], "link 16: cdk destroy deletes the stack"
    left = [i for r in session.client("ec2").describe_instances()["Reservations"] for i in r["Instances"]
            if i["State"]["Name"] == "running"]
    assert not left, f"link 16: deleting the stack terminates every instance, {len(left)} still running"


def break_a_link(session) -> None:
    if BREAK == "untag":
        autoscaling, ec2 = session.client("autoscaling"), session.client("ec2")
        for group in groups(session).values():
            autoscaling.delete_tags(Tags=[{"ResourceId": group["AutoScalingGroupName"], "ResourceType": "auto-scaling-group",
                                           "Key": MANAGED_TAG}])
            ec2.delete_tags(Resources=[i["InstanceId"] for i in group["Instances"]], Tags=[{"Key": MANAGED_TAG}])
    elif BREAK == "drop-rule":
        events = session.client("events")
        for rule in events.list_rules()["Rules"]:
            if "Spot Instance Interruption Warning" in rule.get("EventPattern", ""):
                targets = [t["Id"] for t in events.list_targets_by_rule(Rule=rule["Name"])["Targets"]]
                events.remove_targets(Rule=rule["Name"], Ids=targets)
                events.delete_rule(Name=rule["Name"])
    elif BREAK not in ("", "stop-ccm"):
        raise AssertionError(f"STORY_BREAK={BREAK}: give untag, drop-rule or stop-ccm")
    if BREAK:
        LOG.warning("STORY_BREAK=%s: this run must fail at the link that catches it", BREAK)


def start_cloud_controller_manager(world, manifests) -> None:
    """aws-cloud-controller-manager with the flags and cloud config of its shipped add-on, on the
    first control-plane instance (the emulator's IMDSv2 answers as that instance). Added for the
    emulator only: the EC2/ELB endpoints (the cloud config is the only way it takes one), a
    kubeconfig instead of its in-cluster service account, and leader election off (one replica)."""
    try:
        _, container = addons.container(manifests, "DaemonSet", "aws-cloud-controller-manager")
    except AssertionError:
        pytest.fail("link 4: no aws-cloud-controller-manager DaemonSet among the shipped add-ons")
    cloud_conf = next(d["data"]["cloud.conf"] for text in manifests.values() for d in addons.documents(text)
                      if d.get("kind") == "ConfigMap" and "cloud.conf" in d.get("data", {}))
    args = [a for a in container.get("args", []) if not a.startswith(("--cloud-config", "--use-service-account-credentials"))]
    endpoint = world["endpoint"]
    overrides = "".join(f"""[ServiceOverride "{n}"]
Service = {service}
Region = {REGION}
URL = {endpoint}
SigningRegion = {REGION}
""" for n, service in enumerate(("ec2", "elasticloadbalancing"), start=1))
    config = world["log_dir"] / "cloud.conf"
    config.write_text(cloud_conf + overrides)
    control_plane = next(g for name, g in groups(world["session"]).items() if name.startswith("control-plane"))
    post(world["endpoint"] + "/_standin/instance-metadata", {"instance": control_plane["Instances"][0]["InstanceId"]})
    env = {**world["aws_env"], "AWS_EC2_METADATA_SERVICE_ENDPOINT": world["metadata"], "AWS_EC2_METADATA_DISABLED": None}
    kubeconfig = os.environ["KUBECONFIG"]
    world["processes"].start("cloud-controller-manager", [
        os.environ["AWS_CLOUD_CONTROLLER_MANAGER"], *args, f"--cloud-config={config}", f"--kubeconfig={kubeconfig}",
        f"--authentication-kubeconfig={kubeconfig}", f"--authorization-kubeconfig={kubeconfig}",
        "--leader-elect=false", "--use-service-account-credentials=false", "--secure-port=0"], env=env)


def start_runtime(world, container) -> int:
    """The real jar with the shipped container's arguments and environment; the pod's own fields
    (downward API) and the metrics port (a pod has its own network) are the only substitutions."""
    health_port = free_port()
    args = [re.sub(r"^--metrics-port=.*", f"--metrics-port={health_port}", a) for a in container["args"]]
    env = {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}
    env.update({"POD_NAME": "spotkube-runtime-story-0", "POD_NAMESPACE": "spotkube-system"})
    kubeconfig = world["log_dir"] / "runtime.kubeconfig"
    kubeconfig.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: story, cluster: {{server: "{os.environ['KUBE_URL']}", insecure-skip-tls-verify: true}}}}]
users: [{{name: runtime, user: {{token: "{os.environ['KUBE_COMPONENT_TOKEN']}"}}}}]
contexts: [{{name: story, context: {{cluster: story, user: runtime, namespace: spotkube-system}}}}]
current-context: story
""")
    env.update(world["aws_env"])
    env["KUBECONFIG"] = str(kubeconfig)
    world["processes"].start("runtime", ["java", "-Xmx512m", "-jar", os.environ["RUNTIME_JAR"], *args], env=env)
    wait_for("link 2: the runtime, started with the shipped Deployment's arguments, serves /healthz", lambda: _ok(f"http://127.0.0.1:{health_port}/healthz"), 90,
             diagnose=lambda: world["processes"].log("runtime")[-4000:])
    return health_port


def _ok(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=5).status == 200
    except OSError:
        return False


def initialised(node: dict) -> bool:
    taints = node["spec"].get("taints") or []
    return ZONE_LABEL in node["metadata"]["labels"] and not any(
        t["key"] == "node.cloudprovider.kubernetes.io/uninitialized" for t in taints)


def play(world, session, kube, processes, registrar, health_port):
    diagnose_runtime = lambda: processes.log("runtime")[-6000:]  # noqa: E731
    diagnose_ccm = lambda: processes.log("cloud-controller-manager")[-4000:]  # noqa: E731

    # link 3: every running worker instance becomes a Node (the registrar plays the first kubelet start)
    wait_for("link 3: the workers' Nodes registered", lambda: len(kube.nodes()) >= 4 and kube.nodes(), 60,
                       diagnose=lambda: f"{registrar.errors[-3:]} {[n['metadata']['name'] for n in kube.nodes()]}")
    # link 4: the cloud controller manager labels them with zone and instance type, lifts the taint
    wait_for("link 4: aws-cloud-controller-manager initialises every Node (zone label, no uninitialized taint)",
             lambda: all(initialised(n) for n in kube.nodes()), 90, diagnose=diagnose_ccm)
    for node in kube.nodes():
        labels = node["metadata"]["labels"]
        assert labels.get(TYPE_LABEL), f"link 4: {node['metadata']['name']} has an instance-type label"
    LOG.info("workers: %s", [(n["metadata"]["name"], n["metadata"]["labels"].get(TYPE_LABEL),
                              n["metadata"]["labels"].get(ZONE_LABEL)) for n in kube.nodes()])

    # ---- the tutorial, step 7 -----------------------------------------------------------------
    kubectl("apply", "-f", str(NGINX))
    wait_for("link 5: nginx-app's first replica runs", lambda: phase_count(kube, "Running") == 1, 90,
             diagnose=lambda: kubectl("get", "pods", "-o", "wide", "-A"))
    spot_before = {name: g["DesiredCapacity"] for name, g in groups(session).items()}
    kubectl("scale", "--replicas=20", "deployment/nginx-app")
    wait_for("link 6: some nginx-app pods Pending (the trigger)", lambda: phase_count(kube, "Pending") > 0, 60)

    line = wait_for("link 7: the runtime logs its scale-up plan",
                    lambda: re.search(r"Final scale-up plan: \[\{?(\S+) (\d+)->(\d+) \(max: (\d+)\)", processes.log("runtime")),
                    120, diagnose=diagnose_runtime)
    raised, start, end, maximum = line.group(1), int(line.group(2)), int(line.group(3)), int(line.group(4))
    LOG.info("scale-up plan: %s", line.group(0))
    raised_name = next((name for name, g in groups(session).items()
                        if g["AutoScalingGroupName"] == raised or name in raised), raised)
    wait_for(f"link 7: {raised_name} raised to {end} in the emulated Auto Scaling",
             lambda: groups(session)[raised_name]["DesiredCapacity"] == end, 60)
    assert start == spot_before[raised_name] and end > start, f"link 7: {line.group(0)} starts from the group's size"
    assert maximum == groups(session)[raised_name]["MaxSize"], f"link 7: {line.group(0)} names the group's max size"

    wait_for("link 8: the raised group's instances become Nodes, initialised by the cloud controller",
             lambda: sum(1 for n in kube.nodes() if n["metadata"]["labels"].get("kops.k8s.io/instancegroup") == raised_name
                         and initialised(n)) == end, 120, diagnose=diagnose_ccm)
    wait_for("link 9: all 20 nginx-app pods Running", lambda: phase_count(kube, "Running") == 20, 180,
             diagnose=lambda: kubectl("get", "pods", "-o", "wide") + diagnose_runtime())

    # ---- a Spot interruption warning -----------------------------------------------------------
    by_node = {}
    for pod in nginx_pods(kube):
        by_node.setdefault(pod["spec"].get("nodeName"), []).append(pod["metadata"]["name"])
    victim = next(n for n in kube.nodes() if n["metadata"]["labels"].get("kops.k8s.io/instancegroup") == raised_name
                  and by_node.get(n["metadata"]["name"]))
    victim_name = victim["metadata"]["name"]
    instance_id = victim["spec"]["providerID"].rsplit("/", 1)[1]
    warnings_before = metric(health_port, "spotkube_draining_events_total", kind="SPOT_INTERRUPTION")
    deleted_before = metric(health_port, "spotkube_draining_messages_deleted_total")
    desired_before = {name: g["DesiredCapacity"] for name, g in groups(session).items()}
    session.client("events").put_events(Entries=[{
        "Source": "aws.ec2", "DetailType": "EC2 Spot Instance Interruption Warning",
        "Resources": [f"arn:aws:ec2:{REGION}:123456789012:instance/{instance_id}"],
        "Detail": json.dumps({"instance-id": instance_id, "instance-action": "terminate"})}])
    wait_for("link 10: the rule delivers the warning to the queue and the runtime parses it",
             lambda: metric(health_port, "spotkube_draining_events_total", kind="SPOT_INTERRUPTION") > warnings_before,
             60, diagnose=diagnose_runtime)
    wait_for(f"link 11: the runtime cordons {victim_name}",
             lambda: (kube.get_or_none(f"/api/v1/nodes/{victim_name}") or {}).get("spec", {}).get("unschedulable"),
             60, diagnose=diagnose_runtime)
    wait_for(f"link 11: the runtime drains {victim_name} (no nginx-app pod left on it)",
             lambda: not [p for p in nginx_pods(kube) if p["spec"].get("nodeName") == victim_name
                          and not p["metadata"].get("deletionTimestamp")], 120, diagnose=diagnose_runtime)
    wait_for("link 12: replacement capacity requested while the warning runs",
             lambda: any(g["DesiredCapacity"] > desired_before[name] for name, g in groups(session).items()
                         if name != raised_name) or "Final scale-up plan" in processes.log("runtime").split(line.group(0), 1)[1],
             120, diagnose=diagnose_runtime)
    wait_for("link 12: the evicted pods run elsewhere", lambda: phase_count(kube, "Running") == 20, 240,
             diagnose=lambda: kubectl("get", "pods", "-o", "wide") + diagnose_runtime())

    # ---- EC2 reclaims the instance: the group terminates it through its terminating hook -------
    post(world["endpoint"] + "/_standin/reclaim", {"instance": instance_id})
    completed = wait_for("link 13: the runtime completes the terminating lifecycle action",
                         lambda: [r for r in standin(world, "/_standin/records")
                                  if r["kind"] == "complete" and r["instance"] == instance_id], 120,
                         diagnose=lambda: json.dumps(standin(world, "/_standin/records")[-10:]) + diagnose_runtime())
    assert completed[0]["result"] == "CONTINUE", f"link 13: completed with CONTINUE, got {completed[0]}"
    wait_for("link 13: the instance is terminated", lambda: [r for r in standin(world, "/_standin/records")
                                                           if r["kind"] == "terminated" and r["instance"] == instance_id], 30)
    wait_for("link 13: the warning's and the lifecycle action's messages deleted from the queue",
             lambda: metric(health_port, "spotkube_draining_messages_deleted_total") >= deleted_before + 2, 60,
             diagnose=diagnose_runtime)
    wait_for(f"link 13: the Node {victim_name} removed by the cloud controller manager",
             lambda: kube.get_or_none(f"/api/v1/nodes/{victim_name}") is None, 180, diagnose=diagnose_ccm)

    # ---- clean up, step 8: nginx to 0 and the groups back to their minimum ---------------------
    kubectl("scale", "--replicas=0", "deployment/nginx-app")
    wait_for("link 14: every Spot group back to its minimum after the unneeded time",
             lambda: all(g["DesiredCapacity"] == g["MinSize"] for name, g in groups(session).items()
                         if name.startswith("spot-group")), 420, interval=5,
             diagnose=lambda: str({n: (g["DesiredCapacity"], g["MinSize"]) for n, g in groups(session).items()})
             + diagnose_runtime())
    spot_nodes = lambda: [n for n in kube.nodes() if n["metadata"]["labels"].get("kops.k8s.io/lifecycle") == "Spot"]  # noqa: E731
    wait_for("link 14: the scaled-down instances' Nodes are removed",
             lambda: len(spot_nodes()) == sum(g["MinSize"] for name, g in groups(session).items()
                                              if name.startswith("spot-group")), 240, interval=5, diagnose=diagnose_ccm)

    # ---- the launch path: every instance launched through a launching hook was let in once Ready --
    def launches():
        """(instances launched through a launching hook and still running, every launch completion)"""
        records = standin(world, "/_standin/records")
        hooked = {r["instance"] for r in records if r["kind"] == "event" and r["transition"].endswith("LAUNCHING")}
        running = {i["InstanceId"] for group in groups(session).values() for i in group["Instances"]}
        completed = {r["instance"]: r["result"] for r in records if r["kind"] == "complete" and r["instance"] in hooked}
        return hooked & running, completed
    # An instance terminated before its Node was Ready has nothing left to complete (the runtime sets
    # its message aside); every one still running must have been let in, and the path must have run.
    wait_for("link 15: every running instance launched through the launching hook was let in with CONTINUE "
             "once its Node was Ready (a launch message seen before the Node is Ready returns after the "
             "queue's visibility timeout)",
             lambda: launches()[1] and launches()[0] <= set(launches()[1])
             and set(launches()[1].values()) == {"CONTINUE"}, 300, interval=5,
             diagnose=lambda: f"{launches()} " + diagnose_runtime())
    LOG.info("launching lifecycle actions completed: %d", len(launches()[1]))
    queue_url = world["queue_url"]
    sqs = session.client("sqs")
    wait_for("link 15: the queue empty at the end: every message handled and deleted",
             lambda: all(int(v) == 0 for v in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=[
                 "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"].values()),
             200, interval=5, diagnose=diagnose_runtime)

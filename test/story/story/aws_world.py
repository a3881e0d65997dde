"""Emulated AWS for the deployed story: moto in server mode, run in this process, with a small
lifecycle stand-in in front of it.

    python -m story.aws_world --moto-port M --port P --metadata-port I

moto serves every API the story uses on port M. Port P is the endpoint the product is given
(`cdk deploy`, the runtime, the cloud controller manager): it answers the few Auto Scaling calls
moto lacks and forwards every other request to moto unchanged. Port I is IMDSv2.

What is adjusted, and why (each listed in docs/testing.md):
- moto lacks CompleteLifecycleAction and RecordLifecycleActionHeartbeat, never fires lifecycle
  hooks and skips AWS::AutoScaling::LifecycleHook in CloudFormation. The stand-in holds an
  instance in Terminating:Wait while a terminating hook waits, puts the lifecycle event on the
  EventBridge bus (as Auto Scaling does), and terminates the instance when the action is
  completed (or the heartbeat times out with the hook's default result); a launching hook's event
  is put when moto launches an instance. CloudFormation learns the hook resource type here.
- moto launches a MixedInstancesPolicy group's instances with the launch template's instance type,
  which our launch templates leave out: here they get the first override, one of the types the
  group may launch.
- moto's CloudFormation builds an application load balancer whatever `Type` says, then refuses
  the TCP listener of a network load balancer: `Type` and `SubnetMappings` are passed through.
- moto's CloudFormation never deletes route tables, NAT gateways, internet gateways or their
  attachments, so the VPC of a deleted stack stays "in use": they get their delete here.
- moto keeps a terminated instance's primary network interface when the launch template does
  not say DeleteOnTermination; EC2 deletes the interface it created at launch.
- There is no instance metadata service: port --metadata-port serves IMDSv2 for one emulated
  instance (POST /_standin/instance-metadata names it), for the cloud controller manager.
- moto's CloudFormation reads a TemplateURL only in its amazonaws.com forms; `cdk deploy` pointed
  at this endpoint gives it on the endpoint (path style): read as such.
- An update with UsePreviousValue for an SSM-typed parameter makes moto look up the previously
  resolved value (an image id) as a parameter name: it is taken as already resolved.
- DescribeChangeSet of a change set that is gone answers ValidationError in moto,
  ChangeSetNotFound in CloudFormation; `cdk deploy` of an update relies on the latter.
- The public Ubuntu AMI parameter (/aws/service/canonical/...) is a reserved name moto cannot
  store through PutParameter: `seed_public_parameter` writes it into the SSM backend.
"""
from __future__ import annotations

import argparse
import http.client
import json
import logging
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
from moto.autoscaling import autoscaling_backends
from moto.autoscaling.models import FakeAutoScalingGroup
from moto.cloudformation import responses as cloudformation_responses
from moto.cloudformation.exceptions import CloudFormationError
from moto.cloudformation.exceptions import ValidationError as CloudFormationValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.parsing import ResourceMap
from moto.core.common_models import CloudFormationModel
from moto.ec2 import ec2_backends
from moto.ec2.models.instances import Instance
from moto.ec2.models.internet_gateways import InternetGateway
from moto.ec2.models.nat_gateways import NatGateway
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.vpn_gateway import VPCGatewayAttachment
from moto.elbv2 import elbv2_backends
from moto.elbv2.models import FakeLoadBalancer
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.ssm import ssm_backends
from moto.ssm.models import Parameter

ACCOUNT = "123456789012"
LOG = logging.getLogger("aws_world")


# ---- emulator adjustments (never the template) -------------------------------------------------

def _first_override_type(group: FakeAutoScalingGroup) -> str | None:
    policy = group.mixed_instances_policy or {}
    overrides = policy.get("LaunchTemplate", {}).get("Overrides") or []
    return overrides[0].get("InstanceType") if overrides else None


_template_instance_type = FakeAutoScalingGroup.instance_type.fget


def _instance_type(self: FakeAutoScalingGroup) -> str:
    return _template_instance_type(self) or _first_override_type(self)


FakeAutoScalingGroup.instance_type = property(_instance_type)


def _network_load_balancer(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json["Properties"]
    mappings = properties.get("SubnetMappings")
    subnets = properties.get("Subnets") or [m["SubnetId"] for m in mappings or []]
    return elbv2_backends[account_id][region_name].create_load_balancer(
        resource_name, properties.get("SecurityGroups") or [], subnets,
        scheme=properties.get("Scheme", "internet-facing"), loadbalancer_type=properties.get("Type"))


FakeLoadBalancer.create_from_cloudformation_json = classmethod(_network_load_balancer)


class LifecycleHookResource(CloudFormationModel):
    """AWS::AutoScaling::LifecycleHook, which moto's CloudFormation skips."""

    # moto files every model under the service named by its module's second part.
    __module__ = "moto.autoscaling.lifecycle_hook_resource"

    def __init__(self, group_name: str, name: str):
        self.group_name = group_name
        self.name = name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::AutoScaling::LifecycleHook"

    @staticmethod
    def cloudformation_name_type() -> str:
        return "LifecycleHookName"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        name = properties.get("LifecycleHookName") or resource_name
        autoscaling_backends[account_id][region_name].create_lifecycle_hook(
            name=name, as_name=properties["AutoScalingGroupName"],
            transition=properties["LifecycleTransition"],
            timeout=int(properties.get("HeartbeatTimeout", 3600)),
            result=properties.get("DefaultResult", "ABANDON"))
        return cls(properties["AutoScalingGroupName"], name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        cls.delete_from_cloudformation_json(original_resource.name, {"Properties": {
            "AutoScalingGroupName": original_resource.group_name}}, account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        group = cloudformation_json["Properties"]["AutoScalingGroupName"]
        autoscaling_backends[account_id][region_name].delete_lifecycle_hook(group, resource_name)


def _delete_nat_gateway(self, account_id: str, region_name: str) -> None:
    backend = ec2_backends[account_id][region_name]
    backend.delete_nat_gateway(self.id)
    backend.nat_gateways.pop(self.id, None)
    backend.delete_network_interface(self._eni.id)


def _delete_internet_gateway(self, account_id: str, region_name: str) -> None:
    backend = ec2_backends[account_id][region_name]
    if self.vpc is not None:
        backend.detach_internet_gateway(self.id, self.vpc.id)
    backend.delete_internet_gateway(self.id)


def _delete_gateway_attachment(self, account_id: str, region_name: str) -> None:
    backend = ec2_backends[account_id][region_name]
    if self.gateway_id and self.gateway_id.startswith("igw-") and backend.internet_gateways.get(self.gateway_id) \
            and backend.internet_gateways[self.gateway_id].vpc is not None:
        backend.detach_internet_gateway(self.gateway_id, self.vpc_id)


_terminate_instance = Instance.terminate


def _terminate_with_primary_interface(self):
    # EC2 deletes the primary network interface it created at launch; moto keeps it when the launch
    # template leaves DeleteOnTermination out, and the subnet then stays "in use" forever.
    if 0 in self.nics:
        self.nics[0].delete_on_termination = True
    return _terminate_instance(self)


Instance.terminate = _terminate_with_primary_interface

def _delete_route_table(self, account_id: str, region_name: str) -> None:
    ec2_backends[account_id][region_name].delete_route_table(self.id)


# moto's CloudFormation never deletes these, so a stack's VPC could never be deleted after them.
RouteTable.delete = _delete_route_table
NatGateway.delete = _delete_nat_gateway
InternetGateway.delete = _delete_internet_gateway
VPCGatewayAttachment.delete = _delete_gateway_attachment


_stack_from_s3_url = cloudformation_responses.get_stack_from_s3_url


def _stack_from_endpoint_url(template_url: str, account_id: str, partition: str) -> str:
    # `cdk deploy` pointed at this endpoint names the template http://127.0.0.1:PORT/BUCKET/KEY
    # (path style on the endpoint); moto reads only the amazonaws.com forms.
    parts = urllib.parse.urlparse(template_url)
    if parts.hostname in ("127.0.0.1", "localhost"):
        template_url = f"https://s3.amazonaws.com{parts.path}"
    return _stack_from_s3_url(template_url, account_id=account_id, partition=partition)


cloudformation_responses.get_stack_from_s3_url = _stack_from_endpoint_url


_parse_ssm_parameter = ResourceMap.parse_ssm_parameter


def _parse_ssm_parameter_or_previous(self, value: str, value_type: str):
    # `cdk deploy` of an update passes UsePreviousValue for the SSM-typed parameters; moto then
    # hands over the previously resolved value (an image id) as if it were the parameter's name.
    if not value.startswith("/") and ssm_backends[self._account_id][self._region_name].get_parameter(value) is None:
        return value
    return _parse_ssm_parameter(self, value, value_type)


ResourceMap.parse_ssm_parameter = _parse_ssm_parameter_or_previous


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"


_describe_change_set = CloudFormationBackend.describe_change_set


def _describe_change_set_or_not_found(self, change_set_name: str):
    # CloudFormation answers ChangeSetNotFound for a change set that is gone (moto: a
    # ValidationError), which `cdk deploy` of an update relies on.
    try:
        return _describe_change_set(self, change_set_name)
    except CloudFormationValidationError:
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist") from None


CloudFormationBackend.describe_change_set = _describe_change_set_or_not_found


def seed_public_parameter(region: str, name: str, value: str) -> None:
    """Writes an AWS-owned public parameter (reserved name) straight into moto's SSM backend."""
    backend = ssm_backends[ACCOUNT][region]
    backend._parameters[name].append(Parameter(
        account_id=ACCOUNT, name=name, value=value, parameter_type="String", description=None,
        allowed_pattern=None, keyid=None, last_modified_date=_now(), version=1, data_type="text"))


def _now():
    import datetime
    return datetime.datetime.now(datetime.timezone.utc)


# ---- the lifecycle stand-in ---------------------------------------------------------------------

@dataclass
class PendingAction:
    token: str
    group: str
    hook: str
    transition: str
    instance_id: str
    default_result: str
    deadline: float
    should_decrement: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    result: str | None = None


class LifecycleStandIn:
    """Answers what moto lacks and fires the hooks that moto never fires."""

    def __init__(self, region: str, moto_url: str):
        self.region = region
        self.moto_url = moto_url
        parsed = urllib.parse.urlparse(moto_url)
        self.moto_host, self.moto_port = parsed.hostname, parsed.port
        self.lock = threading.RLock()
        self.pending: dict[str, PendingAction] = {}
        self.records: list[dict[str, Any]] = []   # every lifecycle call and event, for the test to read
        self.events = boto3.client("events", region_name=region, endpoint_url=moto_url,
                                   aws_access_key_id="testing", aws_secret_access_key="testing")
        self.known_instances: set[str] = set()
        # Hooks seen on an earlier look: a hook applies to instances launched after it exists only.
        self.known_hooks: set[tuple[str, str]] = set()

    @property
    def backend(self):
        return autoscaling_backends[ACCOUNT][self.region]

    def _hooks(self, group: str, transition: str):
        return [hook for hook in self.backend.describe_lifecycle_hooks(group) if hook.lifecycle_transition == transition]

    def _record(self, kind: str, **fields: Any) -> None:
        with self.lock:
            self.records.append({"kind": kind, "time": time.time(), **fields})

    def _put_event(self, action: PendingAction) -> None:
        launching = action.transition == "autoscaling:EC2_INSTANCE_LAUNCHING"
        detail = {
            "LifecycleActionToken": action.token, "AutoScalingGroupName": action.group,
            "LifecycleHookName": action.hook, "EC2InstanceId": action.instance_id,
            "LifecycleTransition": action.transition,
            "Origin": "EC2" if launching else "AutoScalingGroup",
            "Destination": "AutoScalingGroup" if launching else "EC2",
        }
        arn = self.backend.autoscaling_groups[action.group].arn
        response = self.events.put_events(Entries=[{
            "Source": "aws.autoscaling",
            "DetailType": "EC2 Instance-launch Lifecycle Action" if launching else "EC2 Instance-terminate Lifecycle Action",
            "Detail": json.dumps(detail), "Resources": [arn]}])
        self._record("event", transition=action.transition, instance=action.instance_id, group=action.group,
                     hook=action.hook, failed=response.get("FailedEntryCount", 0))

    def _begin(self, group: str, instance_id: str, transition: str, should_decrement: bool = False,
               known_only: bool = False) -> bool:
        hooks = [hook for hook in self._hooks(group, transition)
                 if not known_only or (group, hook.name) in self.known_hooks]
        if not hooks:
            return False
        hook = hooks[0]
        action = PendingAction(token=str(uuid.uuid4()), group=group, hook=hook.name, transition=transition,
                               instance_id=instance_id, default_result=hook.default_result or "ABANDON",
                               deadline=time.time() + int(hook.heartbeat_timeout or 3600), should_decrement=should_decrement)
        with self.lock:
            self.pending[action.token] = action
        self._put_event(action)
        threading.Thread(target=self._await, args=(action,), daemon=True).start()
        return True

    def _await(self, action: PendingAction) -> None:
        while not action.done.wait(0.5):
            if time.time() >= action.deadline:
                action.result = action.default_result
                self._record("timeout", instance=action.instance_id, hook=action.hook, result=action.result)
                break
        with self.lock:
            self.pending.pop(action.token, None)
        terminating = action.transition == "autoscaling:EC2_INSTANCE_TERMINATING"
        if terminating or action.result == "ABANDON":
            # A terminating instance goes whatever the result; an abandoned launch is terminated too.
            try:
                self.backend.terminate_instance(action.instance_id, action.should_decrement if terminating else False)
                self._record("terminated", instance=action.instance_id, group=action.group)
            except StopIteration:
                self._record("terminated", instance=action.instance_id, group=action.group, already=True)
        self.notice_launches()

    def terminate(self, instance_id: str, should_decrement: bool) -> str:
        """TerminateInstanceInAutoScalingGroup: through the terminating hook when the group has one."""
        group = self._group_of(instance_id)
        if group is None:
            raise KeyError(instance_id)
        with self.lock:
            if any(a.instance_id == instance_id and a.transition.endswith("TERMINATING") for a in self.pending.values()):
                return group
        if not self._begin(group, instance_id, "autoscaling:EC2_INSTANCE_TERMINATING", should_decrement):
            self.backend.terminate_instance(instance_id, should_decrement)
            self.notice_launches()
        return group

    def complete(self, params: dict[str, str]) -> None:
        token = params.get("LifecycleActionToken")
        instance_id = params.get("InstanceId")
        self._record("complete", instance=instance_id, hook=params.get("LifecycleHookName"),
                     group=params.get("AutoScalingGroupName"), result=params.get("LifecycleActionResult"))
        with self.lock:
            action = self.pending.get(token) if token else next(
                (a for a in self.pending.values()
                 if a.instance_id == instance_id and a.hook == params.get("LifecycleHookName")), None)
        if action is None:
            raise LookupError("No active Lifecycle Action found with token " + str(token or instance_id))
        action.result = params.get("LifecycleActionResult", "CONTINUE")
        action.done.set()

    def heartbeat(self, params: dict[str, str]) -> None:
        token = params.get("LifecycleActionToken")
        instance_id = params.get("InstanceId")
        self._record("heartbeat", instance=instance_id, hook=params.get("LifecycleHookName"))
        with self.lock:
            action = self.pending.get(token) if token else next(
                (a for a in self.pending.values() if a.instance_id == instance_id), None)
            if action is None:
                raise LookupError("No active Lifecycle Action found with token " + str(token or instance_id))
            hook = next(h for h in self._hooks(action.group, action.transition) if h.name == action.hook)
            action.deadline = time.time() + int(hook.heartbeat_timeout or 3600)

    def _group_of(self, instance_id: str) -> str | None:
        for group in self.backend.autoscaling_groups.values():
            if any(state.instance.id == instance_id for state in group.instance_states):
                return group.name
        return None

    def terminating(self) -> set[str]:
        with self.lock:
            return {a.instance_id for a in self.pending.values() if a.transition.endswith("TERMINATING")}

    def notice_launches(self) -> None:
        """Puts the launching hook's event for every instance moto launched since the last look."""
        launched = []
        with self.lock:
            hooks_now = {(hook.auto_scaling_group_name, hook.name) for hook in self.backend.lifecycle_hooks.values()}
            for group in list(self.backend.autoscaling_groups.values()):
                for state in group.instance_states:
                    if state.instance.id not in self.known_instances:
                        self.known_instances.add(state.instance.id)
                        launched.append((group.name, state.instance.id))
            for group, instance_id in launched:
                self._begin(group, instance_id, "autoscaling:EC2_INSTANCE_LAUNCHING", known_only=True)
            self.known_hooks = hooks_now


class InstanceMetadata:
    """IMDSv2 of one emulated instance (the control-plane instance a DaemonSet pod would run on):
    a token from PUT /latest/api/token, then the metadata paths read from moto's instance."""

    def __init__(self, region: str):
        self.region = region
        self.instance_id: str | None = None
        self.tokens: set[str] = set()

    def values(self) -> dict[str, str]:
        instance = ec2_backends[ACCOUNT][self.region].get_instance(self.instance_id)
        zone = instance.availability_zone
        document = {"instanceId": instance.id, "region": self.region, "availabilityZone": zone,
                    "instanceType": instance.instance_type, "accountId": ACCOUNT, "privateIp": instance.private_ip}
        return {
            "/latest/meta-data/instance-id": instance.id,
            "/latest/meta-data/instance-type": instance.instance_type,
            "/latest/meta-data/placement/availability-zone": zone,
            "/latest/meta-data/placement/region": self.region,
            "/latest/meta-data/local-hostname": instance.private_dns_name,
            "/latest/meta-data/hostname": instance.private_dns_name,
            "/latest/meta-data/local-ipv4": instance.private_ip,
            "/latest/meta-data/mac": instance.nics[0].mac_address if 0 in instance.nics else "",
            "/latest/dynamic/instance-identity/document": json.dumps(document),
        }


def make_metadata_handler(metadata: InstanceMetadata):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            payload = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_PUT(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if self.path != "/latest/api/token":
                return self._send(404, "")
            token = str(uuid.uuid4())
            metadata.tokens.add(token)
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "21600")
            return self._send(200, token, {"X-aws-ec2-metadata-token-ttl-seconds": ttl})

        def do_GET(self):
            if self.headers.get("X-aws-ec2-metadata-token") not in metadata.tokens:
                LOG.info("IMDS refused %s (no valid token; headers %s)", self.path, dict(self.headers))
                return self._send(401, "")   # IMDSv2 only, as the launch templates require
            if metadata.instance_id is None:
                return self._send(404, "")
            value = metadata.values().get(self.path.rstrip("/"))
            return self._send(200, value) if value is not None else self._send(404, "")

    return Handler


def _xml(action: str, body: str = "") -> bytes:
    namespace = "http://autoscaling.amazonaws.com/doc/2011-01-01/"
    return (f'<{action}Response xmlns="{namespace}"><{action}Result>{body}</{action}Result>'
            f'<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></{action}Response>').encode()


def _error(code: str, message: str) -> bytes:
    return (f'<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type>'
            f'<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{uuid.uuid4()}</RequestId>'
            f'</ErrorResponse>').encode()


def make_handler(standin: LifecycleStandIn, metadata: InstanceMetadata):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the story's log is the runtime's
            pass

        def _send(self, status: int, body: bytes, content_type: str = "text/xml") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/_standin/records"):
                with standin.lock:
                    body = json.dumps(standin.records).encode()
                return self._send(200, body, "application/json")
            if self.path.startswith("/_standin/terminating"):
                return self._send(200, json.dumps(sorted(standin.terminating())).encode(), "application/json")
            self._forward(b"")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith("/_standin/instance-metadata"):
                metadata.instance_id = json.loads(body)["instance"]
                return self._send(200, b"{}", "application/json")
            if self.path.startswith("/_standin/seed-parameter"):
                parameter = json.loads(body)
                seed_public_parameter(standin.region, parameter["name"], parameter["value"])
                return self._send(200, b"{}", "application/json")
            if self.path.startswith("/_standin/reclaim"):
                # EC2 reclaims a Spot instance: its group terminates it through the hook and replaces it.
                instance_id = json.loads(body)["instance"]
                group = standin.terminate(instance_id, should_decrement=False)
                return self._send(200, json.dumps({"group": group}).encode(), "application/json")
            params = {}
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or "") and b"Action=" in body:
                params = dict(urllib.parse.parse_qsl(body.decode()))
            action = params.get("Action")
            try:
                if action == "CompleteLifecycleAction":
                    standin.complete(params)
                    return self._send(200, _xml(action))
                if action == "RecordLifecycleActionHeartbeat":
                    standin.heartbeat(params)
                    return self._send(200, _xml(action))
                if action == "TerminateInstanceInAutoScalingGroup":
                    decrement = params.get("ShouldDecrementDesiredCapacity", "false").lower() == "true"
                    standin.terminate(params["InstanceId"], decrement)
                    activity = (f"<Activity><ActivityId>{uuid.uuid4()}</ActivityId><StatusCode>InProgress</StatusCode>"
                                f"<Description>Terminating EC2 instance: {params['InstanceId']}</Description></Activity>")
                    return self._send(200, _xml(action, activity))
            except LookupError as e:
                return self._send(400, _error("ValidationError", str(e)))
            self._forward(body)
            if action in ("SetDesiredCapacity", "UpdateAutoScalingGroup", "CreateStack", "UpdateStack",
                          "ExecuteChangeSet"):
                standin.notice_launches()

        def _forward_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            self._forward(self.rfile.read(length) if length else b"")

        do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward_any

        def _forward(self, body: bytes) -> None:
            # http.client, not urllib: urllib gives a body without Content-Type a form type, which
            # makes moto read an S3 request body as a form.
            connection = http.client.HTTPConnection(standin.moto_host, standin.moto_port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length", "connection")}
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            connection.close()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moto-port", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--metadata-port", type=int, required=True, help="IMDSv2 of one instance")
    parser.add_argument("--region", default="eu-west-1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=args.moto_port, verbose=False)
    moto.start()
    moto_url = f"http://127.0.0.1:{args.moto_port}"
    standin = LifecycleStandIn(args.region, moto_url)
    metadata = InstanceMetadata(args.region)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(standin, metadata))
    server.daemon_threads = True
    metadata_server = ThreadingHTTPServer(("127.0.0.1", args.metadata_port), make_metadata_handler(metadata))
    metadata_server.daemon_threads = True
    threading.Thread(target=metadata_server.serve_forever, daemon=True).start()

    def watch_launches():
        # moto also launches instances on its own (a terminated instance's replacement, CloudFormation).
        while True:
            time.sleep(1)
            try:
                standin.notice_launches()
            except Exception:  # noqa: BLE001 - keep watching; the next look retries
                LOG.exception("noticing launches")

    threading.Thread(target=watch_launches, daemon=True).start()
    print(f"ready moto={moto_url} endpoint=http://127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

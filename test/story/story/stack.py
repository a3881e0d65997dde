"""Deploys a synthesized cloud assembly (cdk.out) to the emulated AWS through the CloudFormation
API, the way `cdk deploy` does after `cdk bootstrap`: publish the file assets (the template among
them) to the bootstrap bucket, then create or update the stack from the template's S3 URL.

Container image assets are not published: there is no Docker engine here, and the story runs the
runtime's jar as a process instead of its image (docs/testing.md).
"""
from __future__ import annotations

import json
import pathlib
import time
from dataclasses import dataclass
from typing import Any

ACCOUNT = "123456789012"
BOOTSTRAP_QUALIFIER = "hnb659fds"
BOOTSTRAP_VERSION = "30"   # what `cdk bootstrap` of the pinned CLI writes; the template requires >= 6
UBUNTU_AMI_PREFIX = "/aws/service/canonical/"


@dataclass
class Assembly:
    """One stack of a synthesized cloud assembly."""
    out_dir: pathlib.Path
    stack: str

    @property
    def template_path(self) -> pathlib.Path:
        return self.out_dir / f"{self.stack}.template.json"

    def template(self) -> dict[str, Any]:
        return json.loads(self.template_path.read_text())

    def assets(self) -> dict[str, Any]:
        return json.loads((self.out_dir / f"{self.stack}.assets.json").read_text())


def _substitute(text: str, region: str) -> str:
    return text.replace("${AWS::AccountId}", ACCOUNT).replace("${AWS::Region}", region).replace(
        "${AWS::Partition}", "aws")


class StackDeployer:
    def __init__(self, session, region: str, seed_public_parameter):
        self.region = region
        self.cloudformation = session.client("cloudformation")
        self.s3 = session.client("s3")
        self.ssm = session.client("ssm")
        self.ec2 = session.client("ec2")
        self.seed_public_parameter = seed_public_parameter

    def bootstrap(self) -> None:
        """What `cdk bootstrap` leaves behind that a deploy reads: the version parameter and the bucket."""
        self.ssm.put_parameter(Name=f"/cdk-bootstrap/{BOOTSTRAP_QUALIFIER}/version", Value=BOOTSTRAP_VERSION,
                               Type="String", Overwrite=True)
        bucket = f"cdk-{BOOTSTRAP_QUALIFIER}-assets-{ACCOUNT}-{self.region}"
        self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region})

    def seed_public_parameters(self, assembly: Assembly) -> None:
        """AWS's public AMI parameters the template resolves (an image id moto knows)."""
        image = self.ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        for parameter in assembly.template().get("Parameters", {}).values():
            default = str(parameter.get("Default", ""))
            if parameter.get("Type", "").startswith("AWS::SSM::Parameter::Value") and default.startswith(UBUNTU_AMI_PREFIX):
                self.seed_public_parameter(default, image)

    def publish(self, assembly: Assembly) -> str:
        """Uploads the file assets; returns the template's https URL in the bootstrap bucket."""
        template_url = None
        for asset in assembly.assets().get("files", {}).values():
            source = assembly.out_dir / asset["source"]["path"]
            if asset["source"].get("packaging", "file") != "file":
                raise AssertionError(f"the story publishes file assets only, got {asset['source']}")
            for destination in asset["destinations"].values():
                bucket = _substitute(destination["bucketName"], self.region)
                key = _substitute(destination["objectKey"], self.region)
                self.s3.put_object(Bucket=bucket, Key=key, Body=source.read_bytes())
                if source.resolve() == assembly.template_path.resolve():
                    template_url = f"https://{bucket}.s3.amazonaws.com/{key}"
        if template_url is None:
            raise AssertionError(f"{assembly.stack}.assets.json does not publish the template")
        return template_url

    def deploy(self, assembly: Assembly, timeout: float = 600) -> dict[str, Any]:
        """Create or update, then wait for a *_COMPLETE status; returns the stack description."""
        self.seed_public_parameters(assembly)
        url = self.publish(assembly)
        arguments = dict(StackName=assembly.stack, TemplateURL=url,
                         Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"])
        if self._exists(assembly.stack):
            self.cloudformation.update_stack(**arguments)
            wanted = "UPDATE_COMPLETE"
        else:
            self.cloudformation.create_stack(**arguments)
            wanted = "CREATE_COMPLETE"
        return self._wait(assembly.stack, wanted, timeout)

    def delete(self, stack: str, timeout: float = 600) -> None:
        self.cloudformation.delete_stack(StackName=stack)
        deadline = time.time() + timeout
        while time.time() < deadline:
            stacks = self.cloudformation.describe_stacks()["Stacks"]
            mine = [s for s in stacks if s["StackName"] == stack and s["StackStatus"] != "DELETE_COMPLETE"]
            if not mine:
                return
            if mine[0]["StackStatus"].endswith("FAILED"):
                raise AssertionError(f"{stack}: {mine[0]['StackStatus']} {mine[0].get('StackStatusReason', '')}")
            time.sleep(1)
        raise AssertionError(f"{stack} not deleted within {timeout} s")

    def _exists(self, stack: str) -> bool:
        try:
            status = self.cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
            return status != "DELETE_COMPLETE"
        except self.cloudformation.exceptions.ClientError:
            return False

    def _wait(self, stack: str, wanted: str, timeout: float) -> dict[str, Any]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            description = self.cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
            status = description["StackStatus"]
            if status == wanted:
                return description
            if status.endswith("FAILED") or status.endswith("ROLLBACK_COMPLETE"):
                events = self.cloudformation.describe_stack_events(StackName=stack)["StackEvents"]
                failures = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}" for e in events
                            if e["ResourceStatus"].endswith("FAILED")][:5]
                raise AssertionError(f"{stack}: {status} {description.get('StackStatusReason', '')} {failures}")
            time.sleep(1)
        raise AssertionError(f"{stack} not {wanted} within {timeout} s")

"""Deploys a synthesized cloud assembly to the emulated AWS the way a user does: `cdk bootstrap`,
then `cdk deploy --app <cdk.out>` (create, then an update), then `cdk destroy`, with the CDK CLI
installed by scripts/lib.sh and the AWS SDK's standard endpoint setting (AWS_ENDPOINT_URL)
pointed at the emulator.

Only what AWS itself owns is put into the emulator first: the public Ubuntu AMI parameter that
the template resolves (moto cannot store a reserved name through PutParameter).
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import Any

ACCOUNT = "123456789012"
UBUNTU_AMI_PREFIX = "/aws/service/canonical/"


class CdkCli:
    def __init__(self, session, region: str, seed_public_parameter, log_dir: pathlib.Path):
        self.region = region
        self.session = session
        self.seed_public_parameter = seed_public_parameter
        self.log_dir = log_dir
        self.cdk = os.environ["CDK"]

    def _run(self, name: str, *args: str) -> None:
        log = self.log_dir / f"cdk-{name}.log"
        with open(log, "w") as out:
            result = subprocess.run([self.cdk, *args, "--no-color", "--ci"], stdout=out, stderr=subprocess.STDOUT,
                                    cwd=os.environ.get("CDK_WORKDIR"), timeout=900)
        if result.returncode != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            raise AssertionError(f"cdk {' '.join(args)} exited {result.returncode}:\n{tail}")

    def seed_public_parameters(self, out_dir: pathlib.Path, stack: str) -> None:
        """AWS's public AMI parameters the template resolves (an image id moto knows)."""
        template = json.loads((out_dir / f"{stack}.template.json").read_text())
        image = self.session.client("ec2").describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        for parameter in template.get("Parameters", {}).values():
            default = str(parameter.get("Default", ""))
            if parameter.get("Type", "").startswith("AWS::SSM::Parameter::Value") and default.startswith(UBUNTU_AMI_PREFIX):
                self.seed_public_parameter(default, image)

    def bootstrap(self, out_dir: pathlib.Path) -> None:
        self._run("bootstrap", "bootstrap", f"aws://{ACCOUNT}/{self.region}", "--app", str(out_dir))

    def deploy(self, out_dir: pathlib.Path, stack: str, name: str) -> dict[str, Any]:
        self.seed_public_parameters(out_dir, stack)
        self._run(name, "deploy", "--app", str(out_dir), stack, "--require-approval", "never")
        return self.session.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]

    def destroy(self, out_dir: pathlib.Path, stack: str) -> None:
        self._run("destroy", "destroy", "--app", str(out_dir), stack, "--force")

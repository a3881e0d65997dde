package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.BootstrapSandbox.Boot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap under faults, with the real AWS CLI against moto (EC2, Auto Scaling, SSM) behind a
 * stand-in that can answer throttling errors; kubeadm, etcdctl and the rest are the sandbox's
 * stand-ins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapFaultsSandboxTest {

    private static final String PREFIX = "/spotkube/spot-kops-cluster/state-1";
    private static final String CLUSTER = "spot-kops-cluster.k8s.local";

    private MotoWithFaults moto;
    @TempDir
    Path dir;
    private BootstrapSandbox sandbox;

    @BeforeAll
    void startMoto() throws Exception {
        moto = new MotoWithFaults();
    }

    @AfterAll
    void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void emptyWorld() throws Exception {
        moto.reset();
        sandbox = new BootstrapSandbox(dir, moto.endpoint());
        // A short join wait keeps each failing boot to seconds; the production default is 90.
        sandbox.bootEnv("SPOTKUBE_JOIN_WAIT_ATTEMPTS", "6");
    }

    private String userData(BootstrapScript.Role role) {
        return BootstrapScript.builder().clusterName(CLUSTER).role(role)
                .apiEndpoint("spot-api-0123456789.elb.eu-west-1.amazonaws.com")
                .ssmParameterPrefix(PREFIX).stateBucketName("spot-kops-state").region("eu-west-1")
                .build().render();
    }

    /** Instances of one Auto Scaling group in moto: their ids and private IPs. */
    private record Instance(String id, String ip) {
    }

    private List<Instance> group(String name, int size) {
        sandbox.aws("ec2", "create-launch-template", "--launch-template-name", "nodes-lt",
                "--launch-template-data", "{\"ImageId\":\"ami-12345678\",\"InstanceType\":\"m5.large\"}");
        sandbox.awsOk("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", name,
                "--launch-template", "LaunchTemplateName=nodes-lt", "--min-size", "0", "--max-size", "5",
                "--desired-capacity", Integer.toString(size), "--availability-zones", "eu-west-1a",
                "--tags", "Key=kubernetes.io/cluster/" + CLUSTER + ",Value=owned,PropagateAtLaunch=true");
        String ids = sandbox.awsOk("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", name,
                "--query", "AutoScalingGroups[0].Instances[].InstanceId", "--output", "text");
        return java.util.Arrays.stream(ids.split("\\s+")).sorted().map(id -> new Instance(id, sandbox.awsOk("ec2",
                "describe-instances", "--instance-ids", id, "--query", "Reservations[0].Instances[0].PrivateIpAddress",
                "--output", "text"))).toList();
    }

    private Boot boot(BootstrapScript.Role role, Instance instance) {
        return sandbox.boot(userData(role), instance.id(), instance.ip());
    }

    private String health(Instance instance) {
        return sandbox.awsOk("autoscaling", "describe-auto-scaling-instances", "--instance-ids", instance.id(),
                "--query", "AutoScalingInstances[0].HealthStatus", "--output", "text");
    }

    private boolean hasParameter(String name) {
        return sandbox.aws("ssm", "get-parameter", "--name", name).exitCode() == 0;
    }

    private String parameter(String name) {
        return sandbox.awsOk("ssm", "get-parameter", "--name", name, "--with-decryption",
                "--query", "Parameter.Value", "--output", "text");
    }

    // ---- the init lock: dead means gone, nothing else ----------------------------------------

    @Test
    void aThrottledEc2NeverMakesAWaiterInitialiseASecondCluster() {
        List<Instance> instances = group("control-plane-a", 2);
        Instance holder = instances.get(0);
        Instance waiter = instances.get(1);
        sandbox.awsOk("ssm", "put-parameter", "--name", PREFIX + "/init-lock", "--type", "String", "--value", holder.id());
        moto.throttle("DescribeInstances");

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, waiter);

        assertThat(moto.throttledRequests()).as("EC2 was asked, and answered RequestLimitExceeded").isPositive();
        assertThat(boot.called("kubeadm init")).as(boot.output()).isFalse();
        assertThat(hasParameter(PREFIX + "/init-lock-2")).isFalse();
        assertThat(boot.output()).contains("cannot tell whether " + holder.id() + " is gone", "RequestLimitExceeded");
        assertThat(boot.exitCode()).as("the waiter gives up after its bounded wait").isNotZero();
    }

    @Test
    void aHolderUnknownToEc2IsDeadAndAWaiterTakesOver() {
        Instance waiter = group("control-plane-a", 1).get(0);
        sandbox.awsOk("ssm", "put-parameter", "--name", PREFIX + "/init-lock", "--type", "String",
                "--value", "i-0123456789abcdef0");

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, waiter);

        assertThat(boot.exitCode()).as(boot.output()).isZero();
        assertThat(parameter(PREFIX + "/init-lock-2")).isEqualTo(waiter.id());
        assertThat(boot.called("kubeadm init --config")).isTrue();
    }

    @Test
    void aTerminatedHolderIsDeadAndAWaiterTakesOver() {
        List<Instance> instances = group("control-plane-a", 2);
        Instance holder = instances.get(0);
        Instance waiter = instances.get(1);
        sandbox.awsOk("ssm", "put-parameter", "--name", PREFIX + "/init-lock", "--type", "String", "--value", holder.id());
        sandbox.awsOk("ec2", "terminate-instances", "--instance-ids", holder.id());

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, waiter);

        assertThat(boot.exitCode()).as(boot.output()).isZero();
        assertThat(parameter(PREFIX + "/init-lock-2")).isEqualTo(waiter.id());
    }

    // ---- any bootstrap failure: the group replaces the instance --------------------------------

    @Test
    void aWorkerWhoseAptFailsIsMarkedUnhealthy() throws Exception {
        Instance worker = group("nodes", 1).get(0);
        Files.writeString(sandbox.root().resolve("fail-apt"), "");

        Boot boot = boot(BootstrapScript.Role.WORKER, worker);

        assertThat(boot.exitCode()).isNotZero();
        assertThat(health(worker)).as(boot.output()).isEqualToIgnoringCase("Unhealthy");
    }

    @Test
    void aWorkerThatFindsNoJoinMaterialIsMarkedUnhealthy() {
        Instance worker = group("nodes", 1).get(0);
        assertThat(health(worker)).isEqualToIgnoringCase("Healthy");

        Boot boot = boot(BootstrapScript.Role.WORKER, worker);

        assertThat(boot.output()).contains("no join material");
        assertThat(health(worker)).isEqualToIgnoringCase("Unhealthy");
    }

    @Test
    void aControlPlaneWhoseJoinFailsIsMarkedUnhealthy() throws Exception {
        List<Instance> instances = group("control-plane-a", 2);
        assertThat(boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(0)).exitCode()).isZero();
        Files.writeString(sandbox.root().resolve("fail-apt"), "");

        Boot joiner = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(1));

        assertThat(joiner.exitCode()).isNotZero();
        assertThat(health(instances.get(1))).as(joiner.output()).isEqualToIgnoringCase("Unhealthy");
        assertThat(health(instances.get(0))).isEqualToIgnoringCase("Healthy");
    }

    // ---- etcd members: removed only when their instance is gone --------------------------------

    private List<Instance> controlPlaneOfTwoAndAReplacement() {
        List<Instance> instances = group("control-plane-a", 3);
        sandbox.bootEnv("FAKE_VPC_ID", sandbox.awsOk("ec2", "describe-instances", "--instance-ids", instances.get(0).id(),
                "--query", "Reservations[0].Instances[0].VpcId", "--output", "text"));
        for (Instance member : instances.subList(0, 2)) {
            Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, member);
            assertThat(boot.exitCode()).as(boot.output()).isZero();
        }
        return instances;
    }

    @Test
    void aMemberThatDoesNotAnswerWhileItsInstanceRunsIsKept() {
        List<Instance> instances = controlPlaneOfTwoAndAReplacement();
        String partitioned = BootstrapSandbox.hostname(instances.get(1).ip());
        sandbox.killInstance(partitioned, false);

        Boot joiner = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(2));

        assertThat(joiner.calls()).as(joiner.output()).noneSatisfy(call -> assertThat(call).contains("member remove"));
        assertThat(sandbox.etcdMembers()).contains(partitioned + " dead");
        // kubeadm refuses to join while a member is unreachable: this instance is replaced, not the member.
        assertThat(health(instances.get(2))).isEqualToIgnoringCase("Unhealthy");
    }

    @Test
    void aMemberWhoseInstanceIsTerminatedIsRemovedBeforeTheJoin() {
        List<Instance> instances = controlPlaneOfTwoAndAReplacement();
        String gone = BootstrapSandbox.hostname(instances.get(1).ip());
        String goneId = sandbox.etcdMemberId(gone);
        sandbox.killInstance(gone, false);
        sandbox.awsOk("ec2", "terminate-instances", "--instance-ids", instances.get(1).id());

        Boot joiner = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(2));

        assertThat(joiner.exitCode()).as(joiner.output()).isZero();
        assertThat(joiner.calls()).anySatisfy(call -> assertThat(call).endsWith("member remove " + goneId));
        assertThat(sandbox.etcdMembers()).containsExactly(BootstrapSandbox.hostname(instances.get(0).ip()) + " healthy",
                BootstrapSandbox.hostname(instances.get(2).ip()) + " healthy");
    }
}

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
    private static final String BUCKET = BootstrapSandbox.SCRIPTS_BUCKET;
    private static final int BACKUPS_KEPT = 3;

    private MotoWithFaults moto;
    @TempDir
    Path dir;
    private BootstrapSandbox sandbox;
    /** The join material's KMS key (ARN in moto), when a test gives one. */
    private String joinMaterialKey;

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
        joinMaterialKey = null;
    }

    private String userData(BootstrapScript.Role role) {
        BootstrapScript.Builder builder = BootstrapScript.builder().clusterName(CLUSTER).role(role)
                .apiEndpoint("spot-api-0123456789.elb.eu-west-1.amazonaws.com")
                .ssmParameterPrefix(PREFIX).stateBucketName(BootstrapSandbox.SCRIPTS_BUCKET).region("eu-west-1");
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            builder.maintenanceScripts(BootstrapSandbox.ADDONS_SCRIPT_URL, BootstrapSandbox.ETCD_BACKUP_SCRIPT_URL);
        }
        if (joinMaterialKey != null) {
            builder.joinMaterialKey(joinMaterialKey);
        }
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            builder.etcdBackups(60, BACKUPS_KEPT);
        }
        BootstrapScript script = builder.build();
        if (role == BootstrapScript.Role.CONTROL_PLANE) {
            sandbox.shipScripts(script);
        }
        return script.render();
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

    // ---- join material: published only when healthy, withdrawn when every member is gone --------

    @Test
    void theJoinMaterialIsPublishedOnlyOnceTheNewControlPlaneIsHealthy() throws Exception {
        Instance first = group("control-plane-a", 1).get(0);
        Files.writeString(sandbox.root().resolve("api-not-ready"), "");

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, first);

        assertThat(boot.called("kubeadm init --config")).as(boot.output()).isTrue();
        assertThat(boot.output()).contains("did not become healthy (API /readyz, etcd endpoint health)");
        assertThat(hasParameter(PREFIX + "/join/token")).isFalse();
        assertThat(hasParameter(PREFIX + "/join/certificate-key")).isFalse();
        assertThat(health(first)).isEqualToIgnoringCase("Unhealthy");
    }

    @Test
    void theJoinMaterialIsEncryptedWithTheClustersOwnKey() {
        joinMaterialKey = sandbox.awsOk("kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text");
        Instance first = group("control-plane-a", 1).get(0);

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, first);

        assertThat(boot.exitCode()).as(boot.output()).isZero();
        for (String name : List.of("token", "ca-cert-hash", "certificate-key")) {
            assertThat(sandbox.awsOk("ssm", "describe-parameters", "--parameter-filters", "Key=Name,Values=" + PREFIX + "/join/" + name,
                    "--query", "Parameters[0].[Type,KeyId]", "--output", "text")).as(name)
                    .isEqualTo("SecureString\t" + joinMaterialKey);
        }
    }

    @Test
    void aReplacementFindingEveryMemberGoneWithdrawsTheJoinMaterialAndRestoresTheNewestBackup() {
        List<Instance> instances = group("control-plane-a", 2);
        Instance lost = instances.get(0);
        Instance replacement = instances.get(1);
        Boot first = boot(BootstrapScript.Role.CONTROL_PLANE, lost);
        assertThat(first.exitCode()).as(first.output()).isZero();
        var backup = sandbox.runEtcdBackup(first);
        assertThat(backup.exitCode()).as(backup.output()).isZero();
        String caHash = parameter(PREFIX + "/join/ca-cert-hash");
        String oldToken = parameter(PREFIX + "/join/token");
        sandbox.killInstance(BootstrapSandbox.hostname(lost.ip()), false);
        sandbox.awsOk("ec2", "terminate-instances", "--instance-ids", lost.id());

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, replacement);

        assertThat(boot.exitCode()).as(boot.output()).isZero();
        assertThat(boot.output()).contains("withdrew the join material of the lost cluster",
                "restored etcd and the cluster's CAs from s3://" + BUCKET + "/etcd-backups/");
        assertThat(parameter(PREFIX + "/init-lock-2")).isEqualTo(replacement.id());
        assertThat(boot.calls()).noneSatisfy(call -> assertThat(call).startsWith("kubeadm join --config"));
        assertThat(sandbox.restoredSnapshot()).as("etcd restored from the lost member's snapshot")
                .contains("etcd snapshot of:", BootstrapSandbox.hostname(lost.ip()));
        assertThat(parameter(PREFIX + "/join/ca-cert-hash")).as("the restored cluster keeps its CA").isEqualTo(caHash);
        assertThat(parameter(PREFIX + "/join/token")).isNotEqualTo(oldToken);
        assertThat(sandbox.awsOk("ssm", "get-parameters-by-path", "--path", PREFIX + "/members",
                "--query", "Parameters[].Name", "--output", "text")).isEqualTo(PREFIX + "/members/" + replacement.id());
    }

    @Test
    void aReplacementKeepsTheJoinMaterialWhileARegisteredMemberStillRuns() {
        List<Instance> instances = group("control-plane-a", 2);
        Boot first = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(0));
        assertThat(first.exitCode()).as(first.output()).isZero();
        sandbox.killInstance(BootstrapSandbox.hostname(instances.get(0).ip()), false); // etcd silent, instance running

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(1));

        assertThat(boot.output()).contains("member " + instances.get(0).id() + " is not gone: not withdrawing");
        assertThat(hasParameter(PREFIX + "/join/token")).isTrue();
        assertThat(hasParameter(PREFIX + "/init-lock-2")).isFalse();
        assertThat(boot.calls()).noneSatisfy(call -> assertThat(call).startsWith("kubeadm init --config"));
    }

    @Test
    void aLostClusterWithoutABackupStartsEmpty() {
        List<Instance> instances = group("control-plane-a", 2);
        assertThat(boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(0)).exitCode()).isZero();
        sandbox.killInstance(BootstrapSandbox.hostname(instances.get(0).ip()), false);
        sandbox.awsOk("ec2", "terminate-instances", "--instance-ids", instances.get(0).id());

        Boot boot = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(1));

        assertThat(boot.exitCode()).as(boot.output()).isZero();
        assertThat(boot.output()).contains("no etcd backup in s3://" + BUCKET + "/etcd-backups/: initialising a new cluster");
        assertThat(sandbox.restoredSnapshot()).isEmpty();
    }

    // ---- etcd backups --------------------------------------------------------------------------

    private List<String> backupKeys() {
        String keys = sandbox.awsOk("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "etcd-backups/",
                "--query", "Contents[].Key", "--output", "text");
        return "None".equals(keys) ? List.of() : java.util.Arrays.stream(keys.split("\\s+")).sorted().toList();
    }

    @Test
    void theEtcdLeaderBacksUpEncryptedOncePerIntervalAndKeepsTheNewest() throws Exception {
        List<Instance> instances = group("control-plane-a", 2);
        // The instances' VPC as IMDS tells it: the follower checks the leader's member against EC2.
        sandbox.bootEnv("FAKE_VPC_ID", sandbox.awsOk("ec2", "describe-instances", "--instance-ids", instances.get(0).id(),
                "--query", "Reservations[0].Instances[0].VpcId", "--output", "text"));
        Boot leader = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(0));
        Boot follower = boot(BootstrapScript.Role.CONTROL_PLANE, instances.get(1));
        assertThat(follower.exitCode()).as(follower.output()).isZero();
        Path old = Files.writeString(dir.resolve("old-backup"), "old");
        for (String stamp : List.of("20200101T000000Z", "20200101T010000Z", "20200101T020000Z")) {
            sandbox.awsOk("s3", "cp", old.toString(), "s3://" + BUCKET + "/etcd-backups/" + stamp + ".tar.gz");
        }

        var byFollower = sandbox.runEtcdBackup(follower);
        var byLeader = sandbox.runEtcdBackup(leader);
        var again = sandbox.runEtcdBackup(leader);

        assertThat(byFollower.exitCode()).as(byFollower.output()).isZero();
        assertThat(byFollower.output()).doesNotContain("backed up etcd");
        assertThat(byLeader.exitCode()).as(byLeader.output()).isZero();
        assertThat(again.output()).doesNotContain("backed up etcd");
        List<String> keys = backupKeys();
        assertThat(keys).hasSize(BACKUPS_KEPT).doesNotContain("etcd-backups/20200101T000000Z.tar.gz")
                .contains("etcd-backups/20200101T010000Z.tar.gz", "etcd-backups/20200101T020000Z.tar.gz");
        String newest = keys.get(keys.size() - 1);
        assertThat(byLeader.output()).contains("backed up etcd to s3://" + BUCKET + "/" + newest);
        assertThat(sandbox.awsOk("s3api", "head-object", "--bucket", BUCKET, "--key", newest,
                "--query", "ServerSideEncryption", "--output", "text")).isEqualTo("AES256");
        Path archive = dir.resolve("newest.tar.gz");
        sandbox.awsOk("s3", "cp", "s3://" + BUCKET + "/" + newest, archive.toString());
        var listing = io.spotkube.constructs.testsupport.RepositoryTools.run(List.of("tar", "-tzf", archive.toString()), 30);
        assertThat(listing.output()).contains("snapshot.db", "pki/ca.key", "pki/sa.key", "pki/etcd/ca.key");
    }
}

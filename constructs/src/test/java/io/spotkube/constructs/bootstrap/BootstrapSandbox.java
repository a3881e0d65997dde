package io.spotkube.constructs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fake cluster on the local disk: runs rendered user data with bash, one temporary root
 * per "instance", with the recording stand-ins of src/test/resources/.../sandbox on PATH
 * (kubeadm, kubectl, aws with a file-backed Parameter Store, etcdctl, curl as IMDS, ...).
 */
final class BootstrapSandbox {

    static final String AZ = "eu-west-1a";
    /** What the curl stand-in answers as IMDSv2 session token (sandbox/curl). */
    static final String IMDS_SESSION_TOKEN = "imds-session-token";

    private final Path dir;
    private final Path bin;
    private final Path cluster;
    /** The AWS endpoint (moto behind {@link MotoWithFaults}) when the real AWS CLI is used; else null. */
    private final String awsEndpoint;
    private final Map<String, String> extraEnv = new java.util.LinkedHashMap<>();

    /** One finished boot of an instance. */
    record Boot(String instanceId, String hostname, Path root, int exitCode, String output, List<String> calls) {
        boolean called(String prefix) {
            return calls.stream().anyMatch(call -> call.startsWith(prefix));
        }

        List<String> callsStartingWith(String prefix) {
            return calls.stream().filter(call -> call.startsWith(prefix)).toList();
        }
    }

    /** The stand-ins' shared state (SPOTKUBE_SANDBOX): parameter store, S3, nodes, namespaces. */
    Path root() {
        return cluster;
    }

    BootstrapSandbox(Path dir) {
        this(dir, null);
    }

    /**
     * With an endpoint: {@code aws} is the real AWS CLI of .venv (recording its command line) talking
     * to that endpoint, instead of the file-backed stand-in.
     */
    BootstrapSandbox(Path dir, String awsEndpoint) {
        this.awsEndpoint = awsEndpoint;
        this.dir = dir;
        this.bin = dir.resolve("bin");
        this.cluster = dir.resolve("cluster");
        try {
            Files.createDirectories(bin);
            Files.createDirectories(cluster.resolve("asg-tags"));
            for (String file : List.of("etcd-members", "nodes", "asg-instances", "instance-states")) {
                Files.writeString(cluster.resolve(file), "");
            }
            Path fakes = Path.of(BootstrapSandbox.class.getResource("sandbox").toURI());
            try (Stream<Path> files = Files.list(fakes)) {
                for (Path fake : files.toList()) {
                    Path copy = Files.copy(fake, bin.resolve(fake.getFileName().toString()));
                    assertThat(copy.toFile().setExecutable(true)).isTrue();
                }
            }
            if (awsEndpoint != null) {
                Path aws = bin.resolve("aws");
                Files.writeString(aws, "#!/usr/bin/env bash\nsource \"${0%/*}/_fake.sh\"\nexec '"
                        + RepositoryTools.venvTool("aws") + "' \"$@\"\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the sandbox's control planes download their timer scripts from (maintenanceScripts). */
    static final String SCRIPTS_BUCKET = "spot-kops-state";
    static final String ADDONS_SCRIPT_URL = "s3://" + SCRIPTS_BUCKET + "/scripts/addons.sh";
    static final String ETCD_BACKUP_SCRIPT_URL = "s3://" + SCRIPTS_BUCKET + "/scripts/etcd-backup.sh";

    /** Puts a control plane's timer scripts where its user data downloads them, as the CDK asset would be. */
    void shipScripts(BootstrapScript script) {
        ship(ADDONS_SCRIPT_URL, script.renderAddonsScript());
        ship(ETCD_BACKUP_SCRIPT_URL, script.renderEtcdBackupScript());
    }

    private void ship(String url, String content) {
        String bucketAndKey = url.substring("s3://".length());
        if (awsEndpoint == null) {
            write(cluster.resolve("s3").resolve(bucketAndKey), content);
            return;
        }
        Path file = dir.resolve("shipped-" + bucketAndKey.replace('/', '-'));
        write(file, content);
        if (aws("s3api", "head-bucket", "--bucket", SCRIPTS_BUCKET).exitCode() != 0) {
            awsOk("s3api", "create-bucket", "--bucket", SCRIPTS_BUCKET,
                    "--create-bucket-configuration", "LocationConstraint=eu-west-1");
        }
        awsOk("s3", "cp", file.toString(), url);
    }

    static String hostname(String ip) {
        return "ip-" + ip.replace('.', '-') + ".eu-west-1.compute.internal";
    }

    /** Boots an instance: runs the user data as cloud-init would, to completion. */
    Boot boot(String userData, String instanceId, String ip) {
        Path instance = dir.resolve(instanceId);
        Path root = instance.resolve("root");
        Path calls = instance.resolve("calls.log");
        try {
            Files.createDirectories(root);
            Files.writeString(calls, "");
            instanceState(instanceId, "running");
            Files.writeString(cluster.resolve("instance-ips"), ip + " " + instanceId + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Path script = Files.writeString(instance.resolve("user-data"), userData);
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(instance.resolve("output.log").toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", bin + ":/usr/bin:/bin");
            env.put("LC_ALL", "C");
            env.put("HOME", instance.toString());
            env.put("SPOTKUBE_ROOT", root.toString());
            env.put("SPOTKUBE_SANDBOX", cluster.toString());
            env.put("FAKE_CALLS", calls.toString());
            env.put("FAKE_INSTANCE_ID", instanceId);
            env.put("FAKE_AZ", AZ);
            env.put("FAKE_IP", ip);
            env.put("FAKE_HOSTNAME", hostname(ip));
            env.put("FAKE_REAL_AWS", RepositoryTools.venvTool("aws").toString());
            awsEnvironment(env, instance);
            env.putAll(extraEnv);
            return new Boot(instanceId, hostname(ip), root, runBounded(builder),
                    Files.readString(instance.resolve("output.log")), Files.readAllLines(calls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the add-on script a control-plane boot installed, as its systemd timer would. */
    RepositoryTools.Result runAddons(Boot controlPlane, String... tasks) {
        return runInstalled(controlPlane, "addons.sh", tasks);
    }

    /** Runs the etcd backup script a control-plane boot installed, as its systemd timer would. */
    RepositoryTools.Result runEtcdBackup(Boot controlPlane) {
        return runInstalled(controlPlane, "etcd-backup.sh");
    }

    /** Runs /usr/local/lib/spotkube/&lt;script&gt; of a control-plane boot (its calls: {@link #addonCalls}). */
    private RepositoryTools.Result runInstalled(Boot controlPlane, String script, String... tasks) {
        List<String> command = new ArrayList<>(List.of("bash",
                controlPlane.root().resolve("usr/local/lib/spotkube/" + script).toString()));
        command.addAll(List.of(tasks));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = dir.resolve(controlPlane.instanceId()).resolve(script.replace(".sh", ".log"));
        builder.redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("LC_ALL", "C");
        env.put("SPOTKUBE_ROOT", controlPlane.root().toString());
        env.put("SPOTKUBE_SANDBOX", cluster.toString());
        env.put("FAKE_CALLS", dir.resolve(controlPlane.instanceId()).resolve("addons-calls.log").toString());
        env.put("FAKE_INSTANCE_ID", controlPlane.instanceId());
        env.put("FAKE_IP", controlPlane.hostname().replaceFirst("^ip-", "").replaceFirst("\\..*$", "").replace('-', '.'));
        awsEnvironment(env, dir.resolve(controlPlane.instanceId()));
        env.putAll(extraEnv);
        int exit = runBounded(builder);
        return new RepositoryTools.Result(exit, read(output));
    }

    List<String> addonCalls(Boot controlPlane) {
        Path calls = dir.resolve(controlPlane.instanceId()).resolve("addons-calls.log");
        return Files.exists(calls) ? lines(calls) : List.of();
    }

    /** Workers' node-credential requests go to this server (the API load balancer's port 3988 in the cloud). */
    void nodeCredentialServer(NodeCredentialServerStandIn server) {
        bootEnv("FAKE_NODE_CREDENTIAL_SERVER", server.hostAndPort());
    }

    /** The discovery kubeconfig a worker handed to kubeadm join (its node certificate and key embedded). */
    String discoveryKubeconfig(String instanceId) {
        return read(cluster.resolve("configs").resolve(instanceId + "-discovery.conf"));
    }

    /** An environment variable for every later boot (e.g. FAKE_VPC_ID for the IMDS stand-in). */
    void bootEnv(String name, String value) {
        extraEnv.put(name, value);
    }

    /**
     * The real AWS CLI against moto: no retries of its own (AWS_MAX_ATTEMPTS=1), so a throttled
     * call fails at once and what is tested is the script's own retrying, in seconds.
     */
    private void awsEnvironment(Map<String, String> env, Path home) {
        if (awsEndpoint == null) {
            return;
        }
        env.put("AWS_ENDPOINT_URL", awsEndpoint);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
    }

    /** Runs the real AWS CLI against the sandbox's endpoint (test set-up and assertions). */
    RepositoryTools.Result aws(String... args) {
        List<String> command = new ArrayList<>(List.of(RepositoryTools.venvTool("aws").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = dir.resolve("aws-" + System.nanoTime() + ".out");
        builder.redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LC_ALL", "C");
        awsEnvironment(env, dir);
        int exit = runBounded(builder);
        return new RepositoryTools.Result(exit, read(output));
    }

    /** Like {@link #aws}, failing the test when the call fails; returns its output, stripped. */
    String awsOk(String... args) {
        RepositoryTools.Result result = aws(args);
        assertThat(result.exitCode()).as("aws %s:%n%s", String.join(" ", args), result.output()).isZero();
        return result.output().strip();
    }

    private static int runBounded(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            if (!process.waitFor(150, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the script did not finish within 150 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the fake cluster's state ------------------------------------------------------

    /** What EC2 answers for the instance (running, terminated, ...). */
    void instanceState(String instanceId, String state) {
        StringBuilder states = new StringBuilder();
        lines(cluster.resolve("instance-states")).stream().filter(line -> !line.startsWith(instanceId + " "))
                .forEach(line -> states.append(line).append('\n'));
        write(cluster.resolve("instance-states"), states.append(instanceId).append(' ').append(state).append('\n').toString());
    }

    /** The next kubeadm init fails, as when the API server never comes up. */
    void failNextInit() {
        write(cluster.resolve("fail-init"), "");
    }

    /** Sets an SSM parameter as if another instance had written it. */
    void putParameter(String name, String value) {
        write(cluster.resolve("ssm" + name), value + "\n");
        write(cluster.resolve("ssm" + name + ".type"), "String\n");
    }

    boolean hasParameter(String name) {
        return Files.exists(cluster.resolve("ssm" + name));
    }

    String parameter(String name) {
        return read(cluster.resolve("ssm" + name)).strip();
    }

    String parameterType(String name) {
        return read(cluster.resolve("ssm" + name + ".type")).strip();
    }

    /** The KMS key a SecureString was put with ({@code --key-id}). */
    String parameterKey(String name) {
        return read(cluster.resolve("ssm" + name + ".key")).strip();
    }

    /**
     * Every secret the fake cluster knows: all bootstrap tokens, the certificate key and the
     * private keys of the admin kubeconfigs (as they appear in the kubeconfig, base64).
     */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>(lines(cluster.resolve("tokens")));
        secrets.add(read(cluster.resolve("certificate-key")).strip());
        secrets.addAll(adminClientKeys());
        secrets.addAll(nodeClientKeys());
        return secrets;
    }

    /** The private keys workers made for their node certificates: base64 as in their discovery kubeconfig, and a PEM line. */
    List<String> nodeClientKeys() {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(cluster.resolve("configs"))) {
            return keys;
        }
        try (Stream<Path> configs = Files.list(cluster.resolve("configs"))) {
            for (Path config : configs.filter(file -> file.toString().endsWith("-discovery.conf")).toList()) {
                String key = lines(config).stream().map(String::strip).filter(line -> line.startsWith("client-key-data: "))
                        .findFirst().orElseThrow().substring("client-key-data: ".length());
                keys.add(key);
                keys.add(new String(java.util.Base64.getDecoder().decode(key), StandardCharsets.UTF_8).lines().skip(1)
                        .findFirst().orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** The bootstrap tokens the fake API server still accepts (not expired, not deleted). */
    List<String> liveTokens() {
        return lines(cluster.resolve("tokens"));
    }

    /** The certificate key the uploaded control-plane certificates are encrypted with now. */
    String uploadedCertificateKey() {
        return read(cluster.resolve("certificate-key")).strip();
    }

    /** Makes the add-on timer's refresh due again, as if 20 minutes had passed. */
    void ageJoinMaterialRefresh(Boot controlPlane) {
        try {
            Files.deleteIfExists(controlPlane.root().resolve("var/lib/spotkube/join-material.refreshed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private keys of the admin kubeconfigs that kubeadm issued, base64 as in the file. */
    List<String> adminClientKeys() {
        return lines(cluster.resolve("admin-keys"));
    }

    /** etcd members as "name state" (healthy|dead). */
    List<String> etcdMembers() {
        return lines(cluster.resolve("etcd-members")).stream()
                .map(line -> line.split(" ")).map(f -> f[1] + " " + f[4]).toList();
    }

    /** The etcd snapshot the last kubeadm init started from (restored data), or "" for a new etcd. */
    String restoredSnapshot() {
        Path restored = cluster.resolve("restored-snapshot");
        return Files.exists(restored) ? read(restored) : "";
    }

    String etcdMemberId(String hostname) {
        return lines(cluster.resolve("etcd-members")).stream().map(line -> line.split(" "))
                .filter(f -> f[1].equals(hostname)).map(f -> f[0]).findFirst().orElseThrow();
    }

    List<String> nodeNames() {
        return lines(cluster.resolve("nodes")).stream().map(line -> line.split(" ")[0]).toList();
    }

    /** The instance is gone: its etcd member stops answering, its Node goes NotReady. */
    void killInstance(String hostname, boolean etcdStillAnswers) {
        rewrite("etcd-members", line -> line.split(" ")[1].equals(hostname) && !etcdStillAnswers
                ? line.replace(" healthy", " dead") : line);
        rewrite("nodes", line -> line.startsWith(hostname + " ") ? line.replace(" True ", " NotReady ") : line);
    }

    /** The kubeadm configuration an instance handed to kubeadm (kind: init, join-worker, ...). */
    String kubeadmConfig(String instanceId, String kind) {
        return read(cluster.resolve("configs").resolve(instanceId + "-" + kind + ".yaml"));
    }

    void putS3Object(String bucket, String key, String content) {
        write(cluster.resolve("s3").resolve(bucket).resolve(key), content);
    }

    void autoScalingGroup(String group, Map<String, String> tags, String... instanceIds) {
        StringBuilder tagLines = new StringBuilder();
        tags.forEach((key, value) -> tagLines.append(key).append('\t').append(value).append('\n'));
        write(cluster.resolve("asg-tags").resolve(group), tagLines.toString());
        StringBuilder members = new StringBuilder(read(cluster.resolve("asg-instances")));
        for (String id : instanceIds) {
            members.append(id).append(' ').append(group).append('\n');
        }
        write(cluster.resolve("asg-instances"), members.toString());
    }

    /** Nodes that the label task marked done. */
    List<String> labelledNodes() {
        return lines(cluster.resolve("nodes")).stream().map(line -> line.split(" "))
                .filter(f -> f[5].equals("labelled")).map(f -> f[0]).toList();
    }

    private void rewrite(String file, java.util.function.UnaryOperator<String> change) {
        Path path = cluster.resolve(file);
        StringBuilder out = new StringBuilder();
        lines(path).forEach(line -> out.append(change.apply(line)).append('\n'));
        write(path, out.toString());
    }

    private static List<String> lines(Path path) {
        try {
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

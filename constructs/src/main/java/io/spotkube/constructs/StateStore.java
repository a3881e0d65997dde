package io.spotkube.constructs;

import io.spotkube.constructs.bootstrap.BootstrapScript;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * kOps' state store: a versioned bucket (every change to the cluster's add-ons can be rolled
 * back), encrypted, public access blocked, TLS only, kept when the stack is deleted, with its
 * access logs in a bucket of their own.
 */
final class StateStore extends Construct {

  private final Bucket bucket;
  private final Bucket accessLogs;

  StateStore(Construct scope, String id) {
    super(scope, id);
    // S3's log delivery gets a bucket policy, not the legacy LogDeliveryWrite ACL (the CDK's
    // recommended flag; set here so the state store does not depend on the user's cdk.json).
    getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
        .versioned(true) // a deleted or overwritten log object can be recovered
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    String loop = "This is the access-log bucket of the state store; logging it into itself would loop.";
    SpotKubernetesCluster.suppress(accessLogs, "AwsSolutions-S1", loop);
    CheckovSkipMetadata.skip(accessLogs, "CKV_AWS_18", loop);
    this.bucket = Bucket.Builder.create(this, "Bucket")
        .versioned(true)
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("state-store/")
        // The etcd backup timer deletes all but the newest backups; versioning would keep every
        // deleted one for ever. A week of deleted backups stays recoverable.
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("EtcdBackupsDeletedAWeekAgo")
            .prefix(BootstrapScript.ETCD_BACKUP_PREFIX)
            .noncurrentVersionExpiration(Duration.days(7))
            .abortIncompleteMultipartUploadAfter(Duration.days(1))
            .build()))
        .build();
  }

  Bucket getBucket() {
    return bucket;
  }
}

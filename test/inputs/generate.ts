// Generators of large, realistic inputs for scale tests (kept in memory, never written to the repo).

/** A `terraform show -json` plan of `n` resources: buckets with versioning, SSE and public access block companions. */
export function generatePlan(n: number): string {
  const rcs: unknown[] = [];
  const cfg: unknown[] = [];
  const buckets = Math.ceil(n / 4);
  for (let i = 0; i < buckets; i++) {
    const b = `aws_s3_bucket.b${i}`;
    rcs.push({
      address: b,
      mode: "managed",
      type: "aws_s3_bucket",
      name: `b${i}`,
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["create"], before: null, after: { bucket: `bucket-${i}`, force_destroy: false, tags: { env: "prod" } }, after_unknown: { arn: true, id: true, tags_all: true } },
    });
    cfg.push({ address: b, mode: "managed", type: "aws_s3_bucket", name: `b${i}`, expressions: { bucket: { constant_value: `bucket-${i}` } } });
    for (const t of ["aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block"]) {
      if (rcs.length >= n) break;
      const a = `${t}.b${i}`;
      rcs.push({
        address: a,
        mode: "managed",
        type: t,
        name: `b${i}`,
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["create"], before: null, after: { expected_bucket_owner: null }, after_unknown: { bucket: true, id: true } },
      });
      cfg.push({
        address: a,
        mode: "managed",
        type: t,
        name: `b${i}`,
        expressions: { bucket: { references: [`${b}.id`, b] }, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: "aws:kms" } }] }] },
      });
    }
  }
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.0",
    planned_values: { root_module: { resources: [] } },
    resource_changes: rcs,
    configuration: { root_module: { resources: cfg } },
  });
}

/** `n` CloudTrail records, as an S3-delivered {"Records": [...]} text. */
export function generateTrail(n: number): string {
  const recs: unknown[] = [];
  for (let i = 0; i < n; i++) {
    recs.push({
      eventVersion: "1.08",
      userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLE:alice", arn: `arn:aws:sts::123456789012:assumed-role/Admin/alice${i % 50}`, accountId: "123456789012" },
      eventTime: "2024-01-01T00:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: i % 7 ? "GetObject" : "PutBucketPolicy",
      awsRegion: "eu-central-1",
      sourceIPAddress: "10.0.0.1",
      userAgent: "aws-cli/2",
      requestParameters: { bucketName: `b${i % 100}`, key: `k${i}` },
      responseElements: null,
      requestID: `R${i}`,
      eventID: `e-${i}`,
      eventType: "AwsApiCall",
      recipientAccountId: "123456789012",
    });
  }
  return JSON.stringify({ Records: recs });
}

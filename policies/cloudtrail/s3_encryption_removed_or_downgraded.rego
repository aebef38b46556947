# METADATA
# title: Bucket default encryption was removed or downgraded from SSE-KMS
# description: |
#   A successful DeleteBucketEncryption, or PutBucketEncryption setting SSE-S3 (AES256) as the
#   default, on a bucket matching regulated_buckets. S3 then falls back to SSE-S3: not plaintext, but the
#   customer-managed key (access control, audit and crypto-shredding through KMS) no longer applies.
# custom:
#   id: CT-S3-ENCRYPTION-REMOVED-OR-DOWNGRADED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: "Set the bucket's default encryption back to SSE-KMS with the customer-managed key (aws:kms, BucketKeyEnabled) from infrastructure code, and deny s3:PutEncryptionConfiguration outside the pipeline."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_encryption_removed_or_downgraded

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"DeleteBucketEncryption"})
	bucket := ct.params(r).bucketName
	ct.regulated_bucket(bucket)
	msg := sprintf("%s removed the default encryption of bucket %q (it falls back to SSE-S3 without the customer-managed key); set SSE-KMS with the bucket's CMK again", [ct.describe(r), bucket])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketEncryption"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	some i, rule in ct.as_list(p.ServerSideEncryptionConfiguration.Rule)
	rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm == "AES256"
	path := sprintf("requestParameters.ServerSideEncryptionConfiguration.Rule[%d].ApplyServerSideEncryptionByDefault.SSEAlgorithm", [i])
	msg := sprintf("%s downgraded the default encryption of bucket %q from SSE-KMS to SSE-S3 (AES256); set SSEAlgorithm aws:kms with the bucket's customer-managed key", [ct.describe(r), p.bucketName])
}

# METADATA
# title: S3 Block Public Access was removed or relaxed
# description: |
#   A successful DeleteBucketPublicAccessBlock or DeleteAccountPublicAccessBlock, or a
#   PutBucketPublicAccessBlock/PutAccountPublicAccessBlock that sets any of BlockPublicAcls,
#   IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets to false.
# custom:
#   id: CT-S3-PUBLIC-ACCESS-BLOCK-REMOVED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: "Turn all four Block Public Access settings back on for the bucket and the account (aws s3control put-public-access-block), manage them from infrastructure code, and deny s3:PutBucketPublicAccessBlock/PutAccountPublicAccessBlock outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_public_access_block_removed

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"DeleteBucketPublicAccessBlock", "DeleteAccountPublicAccessBlock"})
	msg := sprintf("%s removed Block Public Access %s; turn all four settings back on", [ct.describe(r), _scope(r)])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock"})
	config := ct.params(r).PublicAccessBlockConfiguration
	some setting in ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]
	ct.falsy(config[setting])
	path := sprintf("requestParameters.PublicAccessBlockConfiguration.%s", [setting])
	msg := sprintf("%s turned off %s %s; set it back to true", [ct.describe(r), setting, _scope(r)])
}

_scope(r) := sprintf("for bucket %q", [ct.params(r).bucketName]) if {
	is_string(ct.params(r).bucketName)
} else := "for the whole account"

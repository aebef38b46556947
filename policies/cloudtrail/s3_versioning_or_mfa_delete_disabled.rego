# METADATA
# title: Bucket versioning was suspended or MFA delete disabled
# description: |
#   A successful PutBucketVersioning whose VersioningConfiguration.Status is not Enabled
#   (Suspended), or whose MfaDelete is Disabled: overwritten and deleted objects can no longer be
#   recovered, or versions can be deleted without MFA.
# custom:
#   id: CT-S3-VERSIONING-OR-MFA-DELETE-DISABLED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(7)(i)", "hipaa:164.308(a)(7)(ii)(A)", "hipaa:164.308(a)(7)(ii)(B)", "hipaa:164.308(a)(7)(ii)(C)", "hipaa:164.310(d)(2)(iv)", "hipaa:164.312(a)(2)(ii)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "gxp-part11:11.10", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-annex11:4.8", "gxp-annex11:5", "gxp-annex11:7.1", "gxp-annex11:7.2", "gxp-annex11:16", "gxp-annex11:17"]
#   remediation: "Re-enable versioning (Status Enabled) and MFA delete on the bucket (MFA delete needs the root user's MFA), and deny s3:PutBucketVersioning outside the pipeline."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_versioning_or_mfa_delete_disabled

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.VersioningConfiguration.Status"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketVersioning"})
	p := ct.params(r)
	status := p.VersioningConfiguration.Status
	is_string(status)
	status != "Enabled"
	msg := sprintf("%s set the versioning of bucket %q to %s; overwritten or deleted records can no longer be recovered - set Status to Enabled", [ct.describe(r), object.get(p, "bucketName", "?"), status])
}

violation contains {"msg": msg, "path": "requestParameters.VersioningConfiguration.MfaDelete"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketVersioning"})
	p := ct.params(r)
	p.VersioningConfiguration.MfaDelete == "Disabled"
	msg := sprintf("%s disabled MFA delete on bucket %q; enable it again", [ct.describe(r), object.get(p, "bucketName", "?")])
}

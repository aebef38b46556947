# METADATA
# title: Objects were deleted from a GxP record bucket
# description: |
#   A successful DeleteObject or DeleteObjects data event (S3 data events must be selected by the
#   trail: TF-CLOUDTRAIL-DATA-EVENTS) on a bucket matching regulated_buckets: GxP records and PHI must be
#   retained, and every deletion reviewed.
# custom:
#   id: CT-S3-GXP-OBJECT-DELETED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.312(b)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:9", "gxp-annex11:12.4", "gxp-annex11:17"]
#   remediation: "Confirm the deletion was an approved, documented disposal; otherwise restore the object from its previous version or replica, and protect the bucket with Object Lock (COMPLIANCE mode) and versioning with MFA delete."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_gxp_object_deleted

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.bucketName"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"DeleteObject", "DeleteObjects"})
	object.get(r, "eventCategory", "Data") == "Data"
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	msg := sprintf("%s deleted %s from regulated bucket %q; confirm it was an approved disposal or restore the previous version", [ct.describe(r), _what(r, p), p.bucketName])
}

_what(r, p) := sprintf("object %q", [p.key]) if {
	ct.event_name(r) == "DeleteObject"
	is_string(p.key)
} else := "objects"

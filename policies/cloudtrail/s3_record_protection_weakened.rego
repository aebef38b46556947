# METADATA
# title: Record-retention protection of a bucket was weakened
# description: |
#   On a bucket matching regulated_buckets, a successful call that weakens record retention: a
#   lifecycle rule (PutBucketLifecycle) that expires current or noncurrent versions sooner than
#   min_record_retention_days (default 365); DeleteBucketLifecycle or DeleteBucketReplication; an Object
#   Lock configuration without a default retention, in GOVERNANCE mode or shorter than the minimum;
#   server access logging turned off (PutBucketLogging without LoggingEnabled); or, with data events,
#   PutObjectRetention/PutObjectLegalHold that bypass governance retention or release a legal hold.
# custom:
#   id: CT-S3-RECORD-PROTECTION-WEAKENED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(c)(1)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(a)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-part11:11.70", "gxp-annex11:7.1", "gxp-annex11:17"]
#   remediation: "Restore the bucket's lifecycle, replication, Object Lock (COMPLIANCE mode, retention at least the record-retention period) and access logging from infrastructure code; deny s3:BypassGovernanceRetention and these configuration changes outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_record_protection_weakened

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketLifecycle"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	some i, rule in ct.as_list(p.LifecycleConfiguration.Rule)
	rule.Status == "Enabled"
	some field, days in _expirations(rule)
	days < ct.min_record_retention_days
	path := sprintf("requestParameters.LifecycleConfiguration.Rule[%d].%s", [i, field])
	msg := sprintf("%s added a lifecycle rule %s to bucket %q that expires %s after %d days (minimum retention %d days); lengthen or remove the expiration", [ct.describe(r), _rule_id(rule), p.bucketName, _versions[field], days, ct.min_record_retention_days])
}

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"DeleteBucketLifecycle", "DeleteBucketReplication"})
	bucket := ct.params(r).bucketName
	ct.regulated_bucket(bucket)
	msg := sprintf("%s removed the %s configuration of bucket %q; restore it from infrastructure code", [ct.describe(r), _removed[ct.event_name(r)], bucket])
}

violation contains {"msg": msg, "path": "requestParameters.ObjectLockConfiguration"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutObjectLockConfiguration"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	problem := _lock_problem(p.ObjectLockConfiguration)
	msg := sprintf("%s changed the Object Lock configuration of bucket %q: %s; set a default retention in COMPLIANCE mode of at least %d days", [ct.describe(r), p.bucketName, problem, ct.min_record_retention_days])
}

violation contains {"msg": msg, "path": "requestParameters.BucketLoggingStatus"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketLogging"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	is_object(p.BucketLoggingStatus)
	not p.BucketLoggingStatus.LoggingEnabled
	msg := sprintf("%s turned off server access logging of bucket %q; enable LoggingEnabled with a target bucket again", [ct.describe(r), p.bucketName])
}

violation contains {"msg": msg, "path": `requestParameters["x-amz-bypass-governance-retention"]`} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutObjectRetention", "PutObjectLegalHold", "DeleteObject", "DeleteObjects"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	some v in ct.as_list(p["x-amz-bypass-governance-retention"])
	ct.truthy(v)
	msg := sprintf("%s bypassed the governance-mode retention of bucket %q; deny s3:BypassGovernanceRetention and use COMPLIANCE mode for records", [ct.describe(r), p.bucketName])
}

violation contains {"msg": msg, "path": "requestParameters.LegalHold.Status"} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutObjectLegalHold"})
	p := ct.params(r)
	ct.regulated_bucket(p.bucketName)
	p.LegalHold.Status == "OFF"
	msg := sprintf("%s released the legal hold on object %q of bucket %q; confirm the hold was lifted under change control", [ct.describe(r), object.get(p, "key", "?"), p.bucketName])
}

_expirations(rule) := {field: days |
	some field, get in {"Expiration.Days": ["Expiration", "Days"], "NoncurrentVersionExpiration.NoncurrentDays": ["NoncurrentVersionExpiration", "NoncurrentDays"]}
	days := ct.number(object.get(rule, get, null))
}

_versions := {"Expiration.Days": "current objects", "NoncurrentVersionExpiration.NoncurrentDays": "noncurrent versions"}

_removed := {"DeleteBucketLifecycle": "lifecycle (archival and retention)", "DeleteBucketReplication": "replication"}

_rule_id(rule) := sprintf("%q", [rule.ID]) if is_string(rule.ID)
else := "(no id)"

_lock_problem(cfg) := "it has no default retention" if {
	not cfg.Rule.DefaultRetention
} else := "its default retention is in GOVERNANCE mode, which privileged users can bypass" if {
	upper(cfg.Rule.DefaultRetention.Mode) == "GOVERNANCE"
} else := sprintf("its default retention is %d days", [_retention_days(cfg.Rule.DefaultRetention)]) if {
	_retention_days(cfg.Rule.DefaultRetention) < ct.min_record_retention_days
}

_retention_days(d) := ct.number(d.Days) if d.Days

_retention_days(d) := ct.number(d.Years) * 365 if {
	not d.Days
	d.Years
}

# METADATA
# title: A logging multi-region CloudTrail trail exists
# description: |
#   When a plan manages CloudTrail trails, at least one of them is multi-region, includes global
#   service events and is logging (enable_logging not false); organisation trails count. Otherwise each
#   trail of the plan is reported with what it lacks. A plan that destroys (or replaces) such a trail is
#   reported too. Plans with no trail are left alone: the account baseline that owns the trail is where
#   this is judged.
# custom:
#   id: TF-CLOUDTRAIL-MULTI-REGION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(c)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Set is_multi_region_trail = true, include_global_service_events = true and enable_logging = true on the account (or organisation) trail, and send it to CloudWatch Logs with cloud_watch_logs_group_arn for alerting.
#   kinds: [terraform]
package evident.checks.terraform.cloudtrail_multi_region

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("no CloudTrail trail in this plan is a logging multi-region trail with global service events; %s %s", [r, concat(" and ", sort(gaps(r)))]),
	"resource": r,
} if {
	not any_qualifying
	some r in tf.by_type.aws_cloudtrail
}

violation contains {
	"msg": sprintf("the plan destroys the multi-region CloudTrail trail %s (actions %v); keep the account's audit trail or create its replacement first", [r, tf.changes[r].change.actions]),
	"resource": r,
	"path": "change.actions",
} if {
	some r in tf.deleted_by_type.aws_cloudtrail
	tf.is_true(tf.changes[r].change.before.is_multi_region_trail)
}

any_qualifying if {
	some r in tf.by_type.aws_cloudtrail
	count(gaps(r)) == 0
}

gaps(r) := {g |
	some attr, g in {
		"is_multi_region_trail": "is not multi-region (set is_multi_region_trail = true)",
		"include_global_service_events": "excludes global service events (set include_global_service_events = true)",
	}
	not on(r, attr, false)
} | {g |
	g := "is not logging (set enable_logging = true)"
	not on(r, "enable_logging", true)
}

# attr is true, unknown until apply, or absent with a default of `dflt`.
on(r, attr, _) if tf.is_true(tf.value(r, [attr]))

on(r, attr, _) if tf.unknown(r, [attr])

on(r, attr, true) if tf.absent(r, [attr])

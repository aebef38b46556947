# METADATA
# title: CloudTrail trails are multi-region with global events and CloudWatch delivery
# description: |
#   An AWS::CloudTrail::Trail item is multi-region (isMultiRegionTrail), includes global service events
#   and delivers to CloudWatch Logs (cloudWatchLogsLogGroupArn). A configuration item shows one trail;
#   a single-region trail is reported even if another multi-region trail exists (waive it with an
#   exception naming that trail). Logging on/off and event selectors are not in the item.
# custom:
#   id: CFG-CLOUDTRAIL-MULTI-REGION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(5)(ii)(C)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(e)(2)(i)", "gxp-part11:11.10(e)", "gxp-part11:11.10(k)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Make the account (or organisation) trail multi-region with global service events (aws cloudtrail update-trail --is-multi-region-trail --include-global-service-events) and deliver it to a CloudWatch Logs group for alerting.
#   kinds: [aws-config]
package evident.checks.aws_config.cloudtrail_multi_region

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("CloudTrail trail %q %s", [cfg.name, problem]),
	"path": sprintf("configuration.%s", [field]),
} if {
	cfg.resource_type == "AWS::CloudTrail::Trail"
	some field, problem in {
		"isMultiRegionTrail": "records only its home region; make it multi-region",
		"includeGlobalServiceEvents": "excludes global service events (IAM, STS); include them",
	}
	not cfg.is_true(cfg.conf([field]))
}

violation contains {
	"msg": sprintf("CloudTrail trail %q does not deliver to CloudWatch Logs, so nothing alerts on its events; set a log group", [cfg.name]),
	"path": "configuration.cloudWatchLogsLogGroupArn",
} if {
	cfg.resource_type == "AWS::CloudTrail::Trail"
	not cfg.non_empty(cfg.conf(["cloudWatchLogsLogGroupArn"]))
}

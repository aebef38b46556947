# METADATA
# title: Container images are scanned on push
# description: Every aws_ecr_repository sets image_scanning_configuration.scan_on_push = true, or an aws_ecr_registry_scanning_configuration of the plan has a rule with scan_frequency SCAN_ON_PUSH or CONTINUOUS_SCAN whose repository filter matches the repository (enhanced scanning preferred).
# custom:
#   id: TF-ECR-SCAN-ON-PUSH
#   severity: medium
#   controls: ["hipaa:164.308(a)(5)(ii)(B)", "gxp-part11:11.10(a)"]
#   remediation: Configure aws_ecr_registry_scanning_configuration { scan_type = "ENHANCED", rule { scan_frequency = "CONTINUOUS_SCAN", repository_filter { filter = "*", filter_type = "WILDCARD" } } }, or set image_scanning_configuration { scan_on_push = true } on the repository.
#   kinds: [terraform]
package evident.checks.terraform.ecr_scan_on_push

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("ECR repository %s is not scanned on push and no registry scanning rule covers it; set image_scanning_configuration.scan_on_push = true or add a registry scanning rule", [r]),
	"resource": r,
	"path": "after.image_scanning_configuration[0].scan_on_push",
} if {
	some r in tf.by_type.aws_ecr_repository
	not tf.is_true(tf.value(r, ["image_scanning_configuration", 0, "scan_on_push"]))
	not tf.unknown(r, ["image_scanning_configuration", 0, "scan_on_push"])
	not registry_covers(r)
}

registry_covers(r) if {
	some s in tf.by_type.aws_ecr_registry_scanning_configuration
	some rule in tf.after(s).rule
	rule.scan_frequency in {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}
	some f in rule.repository_filter
	filter_matches(f.filter, r)
}

filter_matches("*", _)

filter_matches(f, r) if {
	f != "*"
	name := tf.value(r, ["name"])
	glob.match(f, [], name)
}

filter_matches(_, r) if tf.unknown(r, ["name"])

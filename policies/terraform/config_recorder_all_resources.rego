# METADATA
# title: AWS Config records all resource types and is on
# description: |
#   Every aws_config_configuration_recorder records all supported resource types
#   (recording_group.all_supported not false) including global ones
#   (include_global_resource_types = true), and is started by an
#   aws_config_configuration_recorder_status with is_enabled = true.
# custom:
#   id: TF-CONFIG-RECORDER-ALL-RESOURCES
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:4.5", "gxp-annex11:4.6", "gxp-annex11:10"]
#   remediation: Set recording_group { all_supported = true, include_global_resource_types = true } on the recorder (global types in one region) and add aws_config_configuration_recorder_status { name = <recorder name>, is_enabled = true }.
#   kinds: [terraform]
package evident.checks.terraform.config_recorder_all_resources

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("AWS Config recorder %s does not record all supported resource types; set recording_group.all_supported = true", [r]),
	"resource": r,
	"path": "after.recording_group[0].all_supported",
} if {
	some r in tf.by_type.aws_config_configuration_recorder
	tf.is_false(tf.value(r, ["recording_group", 0, "all_supported"]))
}

violation contains {
	"msg": sprintf("AWS Config recorder %s does not record global resource types (IAM); set recording_group.include_global_resource_types = true", [r]),
	"resource": r,
	"path": "after.recording_group[0].include_global_resource_types",
} if {
	some r in tf.by_type.aws_config_configuration_recorder
	not tf.is_true(tf.value(r, ["recording_group", 0, "include_global_resource_types"]))
	not tf.unknown(r, ["recording_group", 0, "include_global_resource_types"])
}

violation contains {
	"msg": sprintf("AWS Config recorder status %s stops the recorder; set is_enabled = true", [s]),
	"resource": s,
	"path": "after.is_enabled",
} if {
	some s in tf.by_type.aws_config_configuration_recorder_status
	not tf.is_true(tf.value(s, ["is_enabled"]))
	not tf.unknown(s, ["is_enabled"])
}

violation contains {
	"msg": sprintf("AWS Config recorder %s is never started: the plan has no aws_config_configuration_recorder_status; add one with is_enabled = true", [r]),
	"resource": r,
} if {
	count(object.get(tf.by_type, "aws_config_configuration_recorder_status", set())) == 0
	some r in tf.by_type.aws_config_configuration_recorder
}

# METADATA
# title: EBS volumes are encrypted and account default encryption is on
# description: |
#   aws_ebs_volume.encrypted, aws_instance root_block_device / ebs_block_device encrypted and
#   aws_ebs_encryption_by_default.enabled are not false; aws_launch_template
#   block_device_mappings[].ebs[].encrypted (a string: "true", "false" or "" for unset) is "true", or
#   unset while the plan turns aws_ebs_encryption_by_default on. Values unknown until apply pass.
# custom:
#   id: TF-EBS-ENCRYPTION
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set encrypted = true (launch templates - encrypted = "true") with a customer-managed kms_key_id on every volume and block device mapping, and enable aws_ebs_encryption_by_default { enabled = true } in every region.
#   kinds: [terraform]
package evident.checks.terraform.ebs_encryption

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EBS volume %s is not encrypted; set encrypted = true with a customer-managed kms_key_id", [r]),
	"resource": r,
	"path": "after.encrypted",
} if {
	some r in tf.by_type.aws_ebs_volume
	tf.is_false(tf.value(r, ["encrypted"]))
}

violation contains {
	"msg": sprintf("%s turns EBS encryption by default off; set enabled = true", [r]),
	"resource": r,
	"path": "after.enabled",
} if {
	some r in tf.by_type.aws_ebs_encryption_by_default
	tf.is_false(tf.value(r, ["enabled"]))
}

violation contains {
	"msg": sprintf("instance %s has an unencrypted %s; set encrypted = true", [r, block]),
	"resource": r,
	"path": sprintf("after.%s[%d].encrypted", [block, i]),
} if {
	some r in tf.by_type.aws_instance
	some block in ["root_block_device", "ebs_block_device"]
	some i, d in tf.after(r)[block]
	tf.is_false(d.encrypted)
}

violation contains {
	"msg": sprintf("launch template %s maps device %s unencrypted (ebs.encrypted = %q); set encrypted = \"true\"", [r, object.get(m, "device_name", "?"), enc]),
	"resource": r,
	"path": sprintf("after.block_device_mappings[%d].ebs[%d].encrypted", [i, j]),
} if {
	some r in tf.by_type.aws_launch_template
	some i, m in tf.after(r).block_device_mappings
	some j, e in m.ebs
	not tf.unknown(r, ["block_device_mappings", i, "ebs", j, "encrypted"])
	enc := lt_encrypted(e)
	not enc == "true"
	not unset_covered_by_default(enc)
}

# The launch-template value as a string ("true"/"false"/""); booleans and null normalised.
lt_encrypted(e) := "" if object.get(e, "encrypted", null) == null

lt_encrypted(e) := lower(format_int_or_str(e.encrypted)) if e.encrypted != null

format_int_or_str(v) := v if is_string(v)

format_int_or_str(v) := sprintf("%v", [v]) if is_boolean(v)

unset_covered_by_default("") if default_encryption_on

default_encryption_on if {
	some r in tf.by_type.aws_ebs_encryption_by_default
	not tf.is_false(tf.value(r, ["enabled"]))
}

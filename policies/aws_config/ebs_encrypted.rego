# METADATA
# title: EBS volumes are encrypted
# description: An AWS::EC2::Volume has configuration.encrypted true.
# custom:
#   id: CFG-EBS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(c)(1)", "hipaa:164.312(c)(2)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Snapshot the volume, copy the snapshot with encryption (customer-managed KMS key), create a volume from the copy and swap it in; turn on EBS encryption by default in every region.
#   kinds: [aws-config]
package evident.checks.aws_config.ebs_encrypted

import data.evident.lib.aws_config as cfg

violation contains {
	"msg": sprintf("%s is not encrypted%s; replace it with an encrypted copy and turn on EBS encryption by default", [cfg.display, attached]),
	"path": "configuration.encrypted",
} if {
	cfg.resource_type == "AWS::EC2::Volume"
	not cfg.is_true(cfg.conf(["encrypted"]))
	attached := attachment_note
}

attachment_note := sprintf(" (attached to %s)", [concat(", ", ids)]) if {
	ids := [id | some a in cfg.as_array(cfg.conf(["attachments"])); id := cfg.field(a, "instanceId")]
	count(ids) > 0
}

default attachment_note := ""

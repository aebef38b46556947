# METADATA
# title: Every VPC has a flow log
# description: |
#   Each aws_vpc has an aws_flow_log joined to it (vpc_id resolved through input.references, or the
#   known VPC id) capturing ALL (or at least REJECT) traffic; a flow log that captures only ACCEPT is
#   reported.
# custom:
#   id: TF-VPC-FLOW-LOGS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(c)(2)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: Add an aws_flow_log with vpc_id = aws_vpc.<name>.id, traffic_type = "ALL" and a log_destination (CloudWatch log group with long retention, or an encrypted S3 bucket).
#   kinds: [terraform]
package evident.checks.terraform.vpc_flow_logs

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("VPC %s has no flow log; add an aws_flow_log with vpc_id = %s.id and traffic_type = \"ALL\"%s", [v, v, tf.unresolved_note("aws_flow_log")]),
	"resource": v,
} if {
	some v in tf.by_type.aws_vpc
	not tf.companions[[v, "aws_flow_log"]]
}

violation contains {
	"msg": sprintf("flow log %s captures only ACCEPT traffic; set traffic_type = \"ALL\" (or \"REJECT\")", [f]),
	"resource": f,
	"path": "after.traffic_type",
} if {
	some f in tf.by_type.aws_flow_log
	tf.value(f, ["traffic_type"]) == "ACCEPT"
}

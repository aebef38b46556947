# METADATA
# title: VPC flow logs were deleted
# description: |
#   A successful DeleteFlowLogs call: network traffic to and from PHI/GxP systems stops being
#   recorded.
# custom:
#   id: CT-FLOW-LOGS-DELETED
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(ii)(A)", "hipaa:164.308(a)(6)(ii)", "hipaa:164.312(b)", "hipaa:164.312(c)(2)", "gxp-part11:11.10(e)", "gxp-annex11:9", "gxp-annex11:12.4"]
#   remediation: "Recreate the flow logs from infrastructure code (aws_flow_log) and investigate; deny ec2:DeleteFlowLogs with an SCP outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.flow_logs_deleted

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters"} if {
	some r in ct.records
	ct.call(r, "ec2.amazonaws.com", {"DeleteFlowLogs"})
	ids := _flow_log_ids(ct.params(r))
	msg := sprintf("%s deleted VPC flow logs %s; recreate them and investigate", [ct.describe(r), _list(ids)])
}

# Flow-log ids in the EC2 query shape ({"DeleteFlowLogsRequest": {"FlowLogId": {"content": ...}}}) or
# the lowerCamel one ({"flowLogIds": [...]}).
_flow_log_ids(p) := [id |
	some item in ct.as_list(p.DeleteFlowLogsRequest.FlowLogId)
	id := _id(item)
] if {
	p.DeleteFlowLogsRequest.FlowLogId
} else := [id | some item in ct.as_list(p.flowLogIds); id := _id(item)]

_id(item) := item.content if is_object(item)

_id(item) := item if is_string(item)

_list(ids) := concat(", ", ids) if count(ids) > 0
else := "(ids not recorded)"

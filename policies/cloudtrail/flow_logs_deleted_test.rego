package evident.checks.cloudtrail.flow_logs_deleted_test

import rego.v1

import data.evident.checks.cloudtrail.flow_logs_deleted as check
import data.evident.test.cloudtrail as fx

_query_shape := {"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0e17aa62a21d4bbfe", "tag": 1}}}

test_deleted if {
	vs := check.violation with input as fx.normalised(fx.record("ec2.amazonaws.com", "DeleteFlowLogs", _query_shape))
	some v in vs
	contains(v.msg, "deleted VPC flow logs fl-0e17aa62a21d4bbfe")
}

test_several_ids_eventbridge if {
	params := {"DeleteFlowLogsRequest": {"FlowLogId": [{"content": "fl-1", "tag": 1}, {"content": "fl-2", "tag": 2}]}}
	vs := check.violation with input as fx.eventbridge(fx.record("ec2.amazonaws.com", "DeleteFlowLogs", params))
	some v in vs
	contains(v.msg, "fl-1, fl-2")
}

test_denied_and_create if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(fx.record("ec2.amazonaws.com", "DeleteFlowLogs", _query_shape)))
	count(check.violation) == 0 with input as fx.normalised(fx.record("ec2.amazonaws.com", "CreateFlowLogs", {}))
}

package evident.checks.terraform.ec2_imdsv2_test

import data.evident.checks.terraform.ec2_imdsv2 as check
import data.evident.lib.terraform_testing as t

test_no_metadata_options_fires if {
	vs := check.violation with input as t.plan([t.rcu("aws_instance.gpu", "aws_instance", {"instance_type": "p4d.24xlarge"}, {"metadata_options": true})])
	count(vs) == 1
	some v in vs
	v.path == "after.metadata_options[0].http_tokens"
}

test_optional_tokens_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_launch_template.lt", "aws_launch_template", {"metadata_options": [{"http_endpoint": "enabled", "http_tokens": "optional"}]})])
}

test_required_or_disabled_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_instance.i", "aws_instance", {"metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1}]})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_instance.i", "aws_instance", {"metadata_options": [{"http_endpoint": "disabled"}]})])
}

test_tokens_unknown_passes if {
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_instance.i", "aws_instance", {"metadata_options": [{"http_endpoint": "enabled"}]}, {"metadata_options": [{"http_tokens": true}]})])
}

test_eks_node_hop_limit if {
	lt := t.rc("aws_launch_template.nodes", "aws_launch_template", {"metadata_options": [{"http_tokens": "required", "http_put_response_hop_limit": 2}]})
	ng := t.rc("aws_eks_node_group.gpu", "aws_eks_node_group", {"node_group_name": "gpu"})
	vs := check.violation with input as t.plan_refs([lt, ng], {"aws_eks_node_group.gpu": {"launch_template[0].id": ["aws_launch_template.nodes"]}})
	count(vs) == 1
	some v in vs
	v.path == "after.metadata_options[0].http_put_response_hop_limit"
	count(check.violation) == 0 with input as t.plan([lt, ng])
}

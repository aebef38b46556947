package evident.checks.terraform.ec2_no_public_ip_test

import data.evident.checks.terraform.ec2_no_public_ip as check
import data.evident.lib.terraform_testing as t

test_instance_public_ip_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_instance.i", "aws_instance", {"associate_public_ip_address": true})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_instance.i", "aws_instance", {"associate_public_ip_address": false})])
}

test_launch_template_string_true_fires if {
	lt := t.rc("aws_launch_template.lt", "aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": "true"}]})
	vs := check.violation with input as t.plan([lt])
	count(vs) == 1
	some v in vs
	v.path == "after.network_interfaces[0].associate_public_ip_address"
}

test_eks_subnet_fires if {
	sn := t.rcu("module.vpc.aws_subnet.private[0]", "aws_subnet", {"map_public_ip_on_launch": true}, {"id": true})
	ng := t.rc("aws_eks_node_group.gpu", "aws_eks_node_group", {})
	count(check.violation) == 1 with input as t.plan_refs([sn, ng], {"aws_eks_node_group.gpu": {"subnet_ids": ["module.vpc.aws_subnet.private[0]"]}})
	# a public subnet nobody's nodes use (load balancers) is fine
	count(check.violation) == 0 with input as t.plan([sn, ng])
}

test_public_classified_instance_out_of_scope if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_instance.web", "aws_instance", {"associate_public_ip_address": true, "tags": {"data-classification": "public"}})])
}

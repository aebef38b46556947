package evident.checks.terraform.eks_nodegroup_ssh_restricted_test

import data.evident.checks.terraform.eks_nodegroup_ssh_restricted as check
import data.evident.lib.terraform_testing as t

test_ssh_without_sg_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_eks_node_group.gpu", "aws_eks_node_group", {"ami_type": "AL2023_x86_64_NVIDIA", "remote_access": [{"ec2_ssh_key": "ops", "source_security_group_ids": []}]})])
}

test_ssh_with_sg_or_none_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_eks_node_group.gpu", "aws_eks_node_group", {"remote_access": [{"ec2_ssh_key": "ops", "source_security_group_ids": ["sg-1"]}]})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_eks_node_group.gpu", "aws_eks_node_group", {"remote_access": []})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_eks_node_group.gpu", "aws_eks_node_group", {"remote_access": [{"ec2_ssh_key": "ops"}]}, {"remote_access": [{"source_security_group_ids": true}]})])
}

package evident.checks.terraform.eks_endpoint_private_test

import data.evident.checks.terraform.eks_endpoint_private as check
import data.evident.lib.terraform_testing as t

cluster(vpc) := t.rc("aws_eks_cluster.ml", "aws_eks_cluster", {"vpc_config": [vpc]})

test_default_public_fires if {
	vs := check.violation with input as t.plan([t.rcu("aws_eks_cluster.ml", "aws_eks_cluster", {"vpc_config": [{"subnet_ids": ["subnet-1"]}]}, {"vpc_config": [{"public_access_cidrs": true}]})])
	count(vs) == 2
}

test_world_cidr_fires if {
	vs := check.violation with input as t.plan([cluster({"endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["0.0.0.0/0"]})])
	count(vs) == 1
	some v in vs
	v.path == "after.vpc_config[0].public_access_cidrs"
}

test_private_only_passes if {
	count(check.violation) == 0 with input as t.plan([cluster({"endpoint_private_access": true, "endpoint_public_access": false, "public_access_cidrs": ["0.0.0.0/0"]})])
}

test_restricted_cidrs_pass if {
	count(check.violation) == 0 with input as t.plan([cluster({"endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]})])
}

test_allowed_cidrs_config if {
	inp := t.plan([cluster({"endpoint_private_access": true, "endpoint_public_access": true, "public_access_cidrs": ["198.51.100.0/24"]})])
	count(check.violation) == 1 with input as inp with data.evident.config.allowed_cidrs as ["203.0.113.0/24"]
	count(check.violation) == 0 with input as inp with data.evident.config.allowed_cidrs as ["198.51.0.0/16"]
}

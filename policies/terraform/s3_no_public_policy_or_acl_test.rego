package evident.checks.terraform.s3_no_public_policy_or_acl_test

import data.evident.checks.terraform.s3_no_public_policy_or_acl as check
import data.evident.lib.terraform_testing as t

policy(doc) := t.rc("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", {"bucket": "b", "policy": json.marshal(doc)})

test_public_principal_fires if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
	vs := check.violation with input as t.plan([policy(doc)])
	count(vs) == 1
	some v in vs
	v.resource == "aws_s3_bucket_policy.p"
}

test_public_principal_with_org_condition_passes if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}
	count(check.violation) == 0 with input as t.plan([policy(doc)])
}

test_account_principal_passes if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": "*"}]}
	count(check.violation) == 0 with input as t.plan([policy(doc)])
}

test_public_canned_acl_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_s3_bucket_acl.a", "aws_s3_bucket_acl", {"acl": "public-read"})])
	count(vs) == 1
	count(check.violation) == 1 with input as t.plan([t.rc("aws_s3_bucket.a", "aws_s3_bucket", {"acl": "public-read-write"})])
	count(check.violation) == 0 with input as t.plan([t.rc("aws_s3_bucket_acl.a", "aws_s3_bucket_acl", {"acl": "private"})])
}

test_all_users_grant_fires if {
	acp := {"access_control_policy": [{"grant": [{"permission": "READ", "grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}]}], "owner": [{"id": "x"}]}]}
	vs := check.violation with input as t.plan([t.rc("aws_s3_bucket_acl.a", "aws_s3_bucket_acl", acp)])
	count(vs) == 1
	some v in vs
	v.path == "after.access_control_policy[0].grant[0].grantee[0].uri"
}

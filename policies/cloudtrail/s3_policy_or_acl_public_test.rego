package evident.checks.cloudtrail.s3_policy_or_acl_public_test

import rego.v1

import data.evident.checks.cloudtrail.s3_policy_or_acl_public as check
import data.evident.test.cloudtrail as fx

_public_policy := {"Version": "2012-10-17", "Statement": [
	{"Sid": "CloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::lims-records"},
	{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lims-records/*"},
]}

_put_policy(policy) := fx.record("s3.amazonaws.com", "PutBucketPolicy", {"bucketName": "lims-records", "Host": "lims-records.s3.eu-west-1.amazonaws.com", "policy": "", "bucketPolicy": policy})

test_public_policy_object if {
	vs := check.violation with input as fx.normalised(_put_policy(_public_policy))
	fx.paths(vs) == {"requestParameters.bucketPolicy.Statement[1]"}
	some v in vs
	contains(v.msg, `gave anyone access to bucket "lims-records"`)
}

test_public_policy_json_string_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(_put_policy(json.marshal(_public_policy)))
}

test_org_condition_is_fine if {
	restricted := {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lims-records/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
	count(check.violation) == 0 with input as fx.normalised(_put_policy(restricted))
}

test_invalid_policy_and_denied if {
	count(check.violation) == 0 with input as fx.normalised(_put_policy("invalid-json-policy"))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_put_policy(_public_policy)))
}

test_acl_grant_all_users if {
	acl := {"bucketName": "lims-records", "acl": "", "AccessControlPolicy": {"Owner": {"ID": "abc"}, "AccessControlList": {"Grant": [
		{"Grantee": {"xsi:type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"},
		{"Grantee": {"xsi:type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"},
	]}}}
	fx.paths(check.violation) == {"requestParameters.AccessControlPolicy.AccessControlList.Grant[1]"} with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketAcl", acl))
}

test_acl_single_grant_object if {
	acl := {"bucketName": "lims-records", "AccessControlPolicy": {"AccessControlList": {"Grant": {"Grantee": {"URI": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}, "Permission": "READ"}}}}
	count(check.violation) == 1 with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketAcl", acl))
}

test_canned_acls if {
	count(check.violation) == 1 with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketAcl", {"bucketName": "b", "x-amz-acl": ["public-read"]}))
	count(check.violation) == 0 with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketAcl", {"bucketName": "b", "x-amz-acl": ["private"]}))
}

test_grant_header if {
	params := {"bucketName": "b", "x-amz-grant-read": `uri="http://acs.amazonaws.com/groups/global/AllUsers"`}
	fx.paths(check.violation) == {`requestParameters["x-amz-grant-read"]`} with input as fx.normalised(fx.record("s3.amazonaws.com", "PutBucketAcl", params))
}

//! Representative inputs for the UI's Samples menu, each real and from a public source. Tests
//! check what each one produces, so the menu never shows a sample the inspector mishandles.

/// A sample: its menu label, where it comes from, and the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub label: &'static str,
    pub source: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        label: "Managed identity token, system-assigned (VM)",
        source: "Azure/azure-sdk-for-python azure-identity live-test recording test_imds_credential.pyTestImdstest_system_assigned_tenant_id.json",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjA2MSwibmJmIjoxNjQzMjI2MDYxLCJleHAiOjE2NDMzMTI3NjEsImFpbyI6IkUyWmdZSmhUR1A0aUt1Wi9CT1BVbzQ5NDMrektCd0E9IiwiYXBwaWQiOiJmZTgzODY1Yi00OTVlLTRlYzctOTU3NC0xMmIyNjQ4ODJjOWYiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiI0NTZjMjQ3OS0yOTJjLTQzNzAtOTFiMS1lNGVhMzBjYTUxMzIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjQ1NmMyNDc5LTI5MmMtNDM3MC05MWIxLWU0ZWEzMGNhNTEzMiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6IlpnalI0bkEyS1VPMG15SFcwNlhDQUEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuQ29tcHV0ZS92aXJ0dWFsTWFjaGluZXMveGlhbmd5YW4iLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.I5YkAGUt9XXVoIL65NsL_X2x8MFWE6GfonEHB3GLu-rhDjLogMduvoaEWrlMdvBwHxIosEN8oZTakbJIB0KbDsl61Ye7IO9gqvv07sP8lxTycCU9cJF8jcaSq8o-b843qdpuBmaIC9WeKfCfgnJCfsadYqaZ1a8XtwDVNJsZcWh0k-OU3-kepW8GilWb6TWyAwpD0Xt7aGJlo243CoW3r2D8URk9Cyuma2dhzf88VXlKwUdRAVk8cprtXMGYe_YWlWtbW75NLrAZ1BjzB3hoZ2zm3u-_Sp4PXcMh5OB7qw9leVtX_jaenJQVbZPWnx_ABQeolAOJQUI0N9Gqzid2KA",
    },
    Sample {
        label: "Managed identity token, user-assigned",
        source: "Azure/azure-sdk-for-python azure-identity live-test recording test_imds_credential.pyTestImdstest_user_assigned.json",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjEyNywibmJmIjoxNjQzMjI2MTI3LCJleHAiOjE2NDMzMTI4MjcsImFpbyI6IkUyWmdZTENPV1Bjb21zbmpTN3gzYTN6NHIxY3BBQT09IiwiYXBwaWQiOiIyZDViOWUzYy01YWY3LTQ0MTgtOGE2Yy04ZjgzYWNkNzhjYzQiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiIzZTI3NzQ1My1iNmM0LTQ3NjMtYWVkMi0xNDVhN2E5MTVkNWIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjNlMjc3NDUzLWI2YzQtNDc2My1hZWQyLTE0NWE3YTkxNWQ1YiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6ImIydlRxb2w4ZUUyYWRIa05yZ0FxQVEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuTWFuYWdlZElkZW50aXR5L3VzZXJBc3NpZ25lZElkZW50aXRpZXMveHltc2kiLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.HVSZQ17FTU6BdkcGXJR0CK3Ik9tPhdtkhtIxa01-OBJsrEBTX74gIKSt48oUIRmVy78QZsfktfbhxYccJHRi7uLGBw0WY0scFm6oicjbjyGUBXsvUsAmnJbEs5S4-OiBtF0kGJTQnpKfBV-4L5RIcv6koEHSwqF6iOH9KHcw28Eyc7wPvhK_90PseZ-YnsRfNJAotPrdh9mgWEVl7yRNoy_gDZnEvL0-nSp3kVgCtqeukvvB2IHc77fwNrqA61nkCLitoSZsHbr24TkqTTot4DWBffqwb-05zqC2Ml22WY9I8JURACv2OmEl5zRXMcw5ohg1HWaLryI7Qx3G04rPuQ",
    },
    Sample {
        label: "Pasted badly: \"Bearer \", quotes and line breaks",
        source: "RFC 7515 Appendix A.1 example, as printed with display line breaks, quoted with a Bearer scheme",
        text: "\"Bearer eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9\n.\neyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt\ncGxlLmNvbS9pc19yb290Ijp0cnVlfQ\n.\ndBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\"",
    },
    Sample {
        label: "Entra ID v2.0 user token (docs sample)",
        source: "MicrosoftDocs/entra-docs docs/identity-platform/access-tokens.md, v2.0 sample",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Imk2bEdrM0ZaenhSY1ViMkMzbkVRN3N5SEpsWSJ9.eyJhdWQiOiI2ZTc0MTcyYi1iZTU2LTQ4NDMtOWZmNC1lNjZhMzliYjEyZTMiLCJpc3MiOiJodHRwczovL2xvZ2luLm1pY3Jvc29mdG9ubGluZS5jb20vNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3L3YyLjAiLCJpYXQiOjE1MzcyMzEwNDgsIm5iZiI6MTUzNzIzMTA0OCwiZXhwIjoxNTM3MjM0OTQ4LCJhaW8iOiJBWFFBaS84SUFBQUF0QWFaTG8zQ2hNaWY2S09udHRSQjdlQnE0L0RjY1F6amNKR3hQWXkvQzNqRGFOR3hYZDZ3TklJVkdSZ2hOUm53SjFsT2NBbk5aY2p2a295ckZ4Q3R0djMzMTQwUmlvT0ZKNGJDQ0dWdW9DYWcxdU9UVDIyMjIyZ0h3TFBZUS91Zjc5UVgrMEtJaWpkcm1wNjlSY3R6bVE9PSIsImF6cCI6IjZlNzQxNzJiLWJlNTYtNDg0My05ZmY0LWU2NmEzOWJiMTJlMyIsImF6cGFjciI6IjAiLCJuYW1lIjoiQWJlIExpbmNvbG4iLCJvaWQiOiI2OTAyMjJiZS1mZjFhLTRkNTYtYWJkMS03ZTRmN2QzOGU0NzQiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhYmVsaUBtaWNyb3NvZnQuY29tIiwicmgiOiJJIiwic2NwIjoiYWNjZXNzX2FzX3VzZXIiLCJzdWIiOiJIS1pwZmFIeVdhZGVPb3VZbGl0anJJLUtmZlRtMjIyWDVyclYzeERxZktRIiwidGlkIjoiNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3IiwidXRpIjoiZnFpQnFYTFBqMGVRYTgyUy1JWUZBQSIsInZlciI6IjIuMCJ9.pj4N-w_3Us9DrBLfpCt",
    },
    Sample {
        label: "Encrypted token (JWE)",
        source: "RFC 7516 Appendix A.3 (A128KW, A128CBC-HS256)",
        text: "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ",
    },
    Sample {
        label: "Broken: four parts (a README copy)",
        source: "garyf/jwt_claims_ex README.md: RFC 7515 A.1 token with a display line break turned into a dot",
        text: "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt.cGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    },
];

def test_footer_error_summary_links_to_the_row_field(client, make_user, login):
    login(make_user("admin"))
    client.post("/language", data={"lang": "en"})
    r = client.post(
        "/admin/settings",
        data={
            "municipality_name": "X",
            "primary_colour": "#1d4f91",
            "footer_links-0-label": "Privacy",
            "footer_links-0-url": "",
        },
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'href="#footer_links-0-url"' in html, html[html.find("error-summary") :][:800]
    assert "{'" not in html

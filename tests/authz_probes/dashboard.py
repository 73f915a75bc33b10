"""Probe of the dashboard: its figures and charts show only the viewer's scope."""
from tests.authz_probes import probe

# Names that appear on the dashboard only through rows of the unit (or its OPD) they belong to.
NAMES = {
    "dukcapil": ["Bidang Pelayanan Pendaftaran Penduduk", "Dinas Kependudukan dan Pencatatan Sipil"],
    "kota": ["Puskesmas Pandanaran", "Dinas Kesehatan Kota Semarang"],
}


@probe("DashboardView.index")
def dashboard(app, client, username, world, visible):
    from tests.conftest import compute_dashboards

    response = client.get("/dashboard/")
    if username == "tanpa.node":
        assert response.status_code in (200, 302, 403)
    if response.status_code != 200:
        return
    compute_dashboards(app, warm=False)  # the scheduler's pass computes the figures the first visit asked for
    html = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="dashboard-computed"' in html, f"the dashboard of {username} was not computed"
    for key, names in NAMES.items():
        shown = [name for name in names if name in html]
        if key in visible:
            if username == "admin":
                assert shown, f"the dashboard of {username} shows nothing of {key}: the probe would prove nothing"
        else:
            assert not shown, f"{username} sees {shown} on the dashboard"

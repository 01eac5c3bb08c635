from django.urls import path

from commissioning import views

app_name = "commissioning"
C = "commissioning/"
urlpatterns = [
    path(C, views.home, name="home"),
    path(f"{C}contracts/", views.contract_list, name="contracts"),
    path(f"{C}contracts/new/", views.contract_new, name="contract_new"),
    path(f"{C}contracts/<int:pk>/", views.contract_detail, name="contract"),
    path(f"{C}contracts/<int:pk>/sign/", views.contract_activate, name="contract_activate"),
    path(f"{C}contracts/<int:pk>/vary/", views.contract_vary, name="contract_vary"),
    path(f"{C}contracts/<int:pk>/targets/new/", views.target_new, name="target_new"),
    path(f"{C}contracts/<int:pk>/budgets/new/", views.budget_new, name="budget_new"),
    path(f"{C}contracts/<int:pk>/statement/", views.go_to_statement, name="go_to_statement"),
    path(
        f"{C}contracts/<int:pk>/statements/<int:year>/<int:month>/",
        views.statement_page,
        name="statement",
    ),
    path(
        f"{C}contracts/<int:pk>/statements/<int:year>/<int:month>/csv/",
        views.statement_csv,
        name="statement_csv",
    ),
    path(
        f"{C}contracts/<int:pk>/statements/<int:year>/<int:month>/xlsx/",
        views.statement_xlsx,
        name="statement_xlsx",
    ),
    path(f"{C}budgets/<int:pk>/", views.budget_detail, name="budget"),
    path(f"{C}cases/<int:pk>/take-back/", views.case_take_back, name="case_take_back"),
    path(f"{C}cases/<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path(f"{C}referrals/", views.referral_list, name="referrals"),
    path(f"{C}referrals/new/", views.referral_new, name="referral_new"),
    path(f"{C}referrals/<int:pk>/", views.referral_detail, name="referral"),
    path(f"{C}referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path(f"{C}referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path(f"{C}referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path(f"{C}spending/", views.spend_list, name="spend_requests"),
    path(f"{C}spending/new/", views.spend_new, name="spend_new"),
    path(f"{C}spending/<int:pk>/", views.spend_detail, name="spend_request"),
    path(f"{C}spending/<int:pk>/approve/", views.spend_approve, name="spend_approve"),
    path(f"{C}spending/<int:pk>/refuse/", views.spend_refuse, name="spend_refuse"),
    path(f"{C}spending/<int:pk>/withdraw/", views.spend_withdraw, name="spend_withdraw"),
    path(f"{C}comparison/", views.comparison_page, name="comparison"),
    path(f"{C}comparison/csv/", views.comparison_csv, name="comparison_csv"),
    path(f"{C}comparison/xlsx/", views.comparison_xlsx, name="comparison_xlsx"),
    path(f"{C}comparison/children/", views.comparison_children, name="comparison_children"),
]

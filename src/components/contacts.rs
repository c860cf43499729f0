//! A list of contacts (监督员, 联系人): name, role, phone, e-mail, address, hours.

use leptos::prelude::*;

use crate::api::Contact;
use crate::domain::contacts::mailto_address;
use crate::routes::tel_href;
use crate::t;

#[component]
pub fn ContactList(contacts: Vec<Contact>) -> impl IntoView {
    view! {
        <ul class="gk-contacts">
            {contacts
                .into_iter()
                .map(|c| {
                    let email = mailto_address(&c).map(str::to_owned);
                    view! {
                        <li class="gk-contact">
                            <p class="gk-contact__name">
                                <span>{c.name}</span>
                                {c.role.map(|r| view! { <span class="gk-contact__role">{r}</span> }.into_any())}
                            </p>
                            {c.phone.map(|p| view! {
                                <p class="gk-contact__line">
                                    <span class="gk-contact__label">{t!(contact_phone)}</span>
                                    <a href=tel_href(&p)>{p.clone()}</a>
                                </p>
                            }.into_any())}
                            {email.map(|e| view! {
                                <p class="gk-contact__line">
                                    <span class="gk-contact__label">{t!(contact_email)}</span>
                                    <a href=format!("mailto:{e}")>{e.clone()}</a>
                                </p>
                            }.into_any())}
                            {c.address.map(|a| view! {
                                <p class="gk-contact__line">
                                    <span class="gk-contact__label">{t!(contact_address)}</span>
                                    <span>{a}</span>
                                </p>
                            }.into_any())}
                            {c.hours.map(|h| view! {
                                <p class="gk-contact__line">
                                    <span class="gk-contact__label">{t!(contact_hours)}</span>
                                    <span>{h}</span>
                                </p>
                            }.into_any())}
                        </li>
                    }
                })
                .map(IntoAny::into_any).collect_view()}
        </ul>
    }
}

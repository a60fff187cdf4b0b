//! The live countdown to expiry, in the words the whole report uses ("expires in 23 h 12 min",
//! "expired 4 years ago"). It keeps its own clock and ticks every second; the report around it
//! is not re-rendered and the token is not decoded again.

use yew::prelude::*;

use crate::ui::browser;
use mi_core::timefmt;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `exp`, in Unix seconds.
    pub expires_at: i64,
}

#[component]
pub fn Countdown(props: &Props) -> Html {
    let now = use_state(browser::now);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval =
                gloo_timers::callback::Interval::new(1000, move || now.set(browser::now()));
            move || drop(interval)
        });
    }
    let expired = props.expires_at <= *now;
    html! {
        <span class={classes!("countdown", expired.then_some("expired"))} role="timer">
            { timefmt::expiry_phrase(props.expires_at, *now) }
        </span>
    }
}

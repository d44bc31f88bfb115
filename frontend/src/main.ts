import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router'
import { onSessionEnded } from './services/session'
import './style.css'

const app = createApp(App)
app.use(createPinia())
const router = createAppRouter()
app.use(router)

// An expired or revoked session, noticed by any request: back to the login page, then back here.
onSessionEnded((reason) => {
  const current = router.currentRoute.value
  if (reason === 'expired' && current.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: current.fullPath } })
  }
})

app.mount('#app')

/**
 * Routes, and the one guard that sends signed-out visitors to the login page and back, and shows
 * everyone but an admin the not-found page at /admin.
 */
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type Router } from 'vue-router'
import { adminRoutes } from '@/pages/admin/routes'
import { useAuthStore } from '@/stores/auth'
import { watchPageLoads } from '@/composables/usePageLoadFailure'

declare module 'vue-router' {
  interface RouteMeta {
    auth?: boolean
    creator?: boolean
    /** Administrators only; for anyone else (signed out too) the URL does not exist. */
    admin?: boolean
    title?: string
  }
}

export const routes = [
  // Signed in: their home (what to continue, what to try next); signed out: the catalog, as
  // before. The global guard has restored the session by the time this runs.
  {
    path: '/',
    name: 'home',
    component: () => import('@/pages/HomePage.vue'),
    beforeEnter: () => (useAuthStore().isSignedIn ? true : { name: 'catalog' }),
    meta: { title: 'Home' },
  },
  { path: '/courses', name: 'catalog', component: () => import('@/pages/CatalogPage.vue'), meta: { title: 'Courses' } },
  { path: '/courses/:slug', name: 'course', component: () => import('@/pages/CoursePage.vue'), props: true },
  {
    path: '/courses/:slug/learn/:lessonId?',
    name: 'lesson',
    component: () => import('@/pages/LessonPage.vue'),
    props: true,
    meta: { auth: true, title: 'Lesson' },
  },
  {
    path: '/courses/:slug/chat/:room?',
    name: 'chat',
    component: () => import('@/pages/ChatPage.vue'),
    props: true,
    meta: { auth: true, title: 'Course chat' },
  },
  { path: '/mentions', name: 'mentions', component: () => import('@/pages/MentionsPage.vue'), meta: { auth: true, title: 'Mentions' } },
  {
    // Not /chat/search: `search` could be a room's slug (a room named "Search").
    path: '/courses/:slug/chat-search',
    name: 'chat-search',
    component: () => import('@/pages/ChatSearchPage.vue'),
    props: true,
    meta: { auth: true, title: 'Search messages' },
  },
  {
    path: '/courses/:slug/complete',
    name: 'course-complete',
    component: () => import('@/pages/CourseCompletePage.vue'),
    props: true,
    meta: { auth: true, title: 'Course completed' },
  },
  // Public: a certificate is shown to whoever has its link (employers check them signed out).
  { path: '/certificates/:id', name: 'certificate', component: () => import('@/pages/CertificatePage.vue'), props: true, meta: { title: 'Certificate' } },
  { path: '/learning', name: 'learning', component: () => import('@/pages/MyLearningPage.vue'), meta: { auth: true, title: 'My learning' } },
  { path: '/studio', name: 'studio', component: () => import('@/pages/StudioPage.vue'), meta: { auth: true, creator: true, title: 'Creator studio' } },
  {
    path: '/studio/courses/:id',
    name: 'course-editor',
    component: () => import('@/pages/CourseEditorPage.vue'),
    props: true,
    meta: { auth: true, creator: true, title: 'Edit course' },
  },
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { title: 'Log in' } },
  { path: '/register', name: 'register', component: () => import('@/pages/RegisterPage.vue'), meta: { title: 'Sign up' } },
  { path: '/forgot-password', name: 'forgot-password', component: () => import('@/pages/ForgotPasswordPage.vue'), meta: { title: 'Reset your password' } },
  // Where mailed links land (the server's templates name these paths): no `auth`, a link may be
  // opened in a browser that is not signed in.
  { path: '/reset-password', name: 'reset-password', component: () => import('@/pages/ResetPasswordPage.vue'), meta: { title: 'Choose a new password' } },
  { path: '/verify-email', name: 'verify-email', component: () => import('@/pages/VerifyEmailPage.vue'), meta: { title: 'Verify your email' } },
  { path: '/confirm-email', name: 'confirm-email', component: () => import('@/pages/ConfirmEmailPage.vue'), meta: { title: 'Confirm your new email' } },
  { path: '/account', name: 'account', component: () => import('@/pages/AccountPage.vue'), meta: { auth: true, title: 'Account' } },
  { path: '/account/orders', name: 'orders', component: () => import('@/pages/OrdersPage.vue'), meta: { auth: true, title: 'My orders' } },
  {
    path: '/account/notifications',
    name: 'notifications',
    component: () => import('@/pages/NotificationsPage.vue'),
    meta: { auth: true, title: 'Notifications' },
  },
  {
    path: '/account/orders/:id',
    name: 'receipt',
    component: () => import('@/pages/ReceiptPage.vue'),
    props: true,
    meta: { auth: true, title: 'Receipt' },
  },
  // Where the payment provider sends the buyer back: ?order=<id>, and &canceled=1 if they gave up.
  {
    path: '/checkout/return',
    name: 'checkout-return',
    component: () => import('@/pages/CheckoutReturnPage.vue'),
    meta: { auth: true, title: 'Your purchase' },
  },
  {
    path: '/checkout/test/:orderId',
    name: 'checkout-test',
    component: () => import('@/pages/TestPaymentPage.vue'),
    props: true,
    meta: { auth: true, title: 'Test payment' },
  },
  // Development only (the server answers NOT_FOUND in production, and the header links it only
  // where it exists); no `auth`: mail for a visitor not signed in yet (a reset link) shows too.
  { path: '/dev/mailbox', name: 'dev-mailbox', component: () => import('@/pages/DevMailboxPage.vue'), meta: { title: 'Mailbox (development)' } },
  // No `auth`: a signed-out visitor is not sent to log in, which would say the page exists.
  { path: '/admin', component: () => import('@/components/admin/AdminLayout.vue'), meta: { admin: true }, children: adminRoutes },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: 'Not found' } },
  // Reached only by name (the guard, for a learner opening the studio): after the not-found
  // route, so a typed URL never lands here.
  { path: '/:pathMatch(.*)*', name: 'creators-only', component: () => import('@/pages/CreatorsOnlyPage.vue'), meta: { title: 'For creators' } },
]

/**
 * The not-found page (or another page reached only by `name`) at the URL asked for: the address bar keeps it (no redirect to another
 * URL), history gets no extra entry, and the admin's code is never even downloaded.
 */
export function notFoundAt(to: RouteLocationNormalized, name: 'not-found' | 'creators-only' = 'not-found'): RouteLocationRaw {
  const segments = to.path.slice(1).split('/').map((segment) => {
    try {
      return decodeURIComponent(segment)
    } catch {
      return segment
    }
  })
  return { name, params: { pathMatch: segments }, query: to.query, hash: to.hash }
}

export async function guard(to: RouteLocationNormalized) {
  const auth = useAuthStore()
  // Who is signed in is known before anything is decided, so /admin never flashes for anyone.
  await auth.restore()
  if (to.meta.admin && !auth.isAdmin) return notFoundAt(to)
  if (to.meta.auth && !auth.isSignedIn) return { name: 'login', query: { redirect: to.fullPath } }
  // Said, at the same URL: a learner sent to the catalog without a word thinks the link broke.
  if (to.meta.creator && !auth.isCreator) return notFoundAt(to, 'creators-only')
  return true
}

/**
 * Back or forward: the saved scroll position, once the page is tall enough to hold it. A page
 * that restores its content (the catalog's loaded pages) renders it a frame or so after the
 * route changes; scrolling before that would stop short. Gives up waiting after `timeoutMs`
 * (content that did not come back): the browser then scrolls as far as the page goes.
 */
export function whenTallEnough<T extends { top: number }>(saved: T, timeoutMs = 1000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve) => {
    const check = (): void => {
      const room = document.documentElement.scrollHeight - window.innerHeight
      if (room >= saved.top || Date.now() - started >= timeoutMs) resolve(saved)
      else requestAnimationFrame(check)
    }
    check()
  })
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => (saved ? whenTallEnough(saved) : { top: 0 }),
  })
  router.beforeEach(guard)
  watchPageLoads(router)
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · EduSphere` : 'EduSphere'
  })
  return router
}

/** Catalog, course pages, learning and authoring calls. */
import { request } from './api'
import { IMAGE_FIELDS, MEDIA_FILE_FIELDS } from './mediaFields'
import type {
  Category,
  CourseDetail,
  CourseLevel,
  CoursePage,
  CourseSort,
  CourseStatus,
  CourseSummary,
  Enrollment,
  Lesson,
  LessonKind,
  Module,
  Review,
} from './types'

const SUMMARY = `id slug title subtitle priceCents currency isFree level language ratingAvg ratingCount
  enrollmentCount lessonCount category { id slug name } creator { id displayName } cover { ${IMAGE_FIELDS} }`
const LESSON = `id title kind position durationSeconds isPreview body videoUrl completed asset { ${MEDIA_FILE_FIELDS} }`
const MODULES = `modules { id title position lessons { ${LESSON} } }`
const ENROLLMENT = 'id enrolledAt progress { completedLessons totalLessons percent } nextLesson { id title }'
const REVIEW = `id rating body author { id displayName avatar { ${IMAGE_FIELDS} } } createdAt updatedAt`
const DETAIL = `${SUMMARY} description status ${MODULES} ratingHistogram { rating count }
  viewerEnrollment { ${ENROLLMENT} } viewerReview { ${REVIEW} } publicationChecklist`

export interface CatalogFilter {
  text?: string
  categorySlugs?: string[]
  priceMin?: number
  priceMax?: number
  freeOnly?: boolean
  ratingMin?: number
  level?: CourseLevel
  language?: string
}

interface Connection<T> {
  edges: { node: T }[]
  pageInfo: CoursePage['pageInfo']
}

export async function searchCourses(filter: CatalogFilter, sort: CourseSort, after: string | null, first = 12): Promise<CoursePage> {
  const data = await request<{ courses: Connection<CourseSummary> & Omit<CoursePage, 'courses' | 'pageInfo'> }>(
    `query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {
      courses(filter: $filter, sort: $sort, first: $first, after: $after) {
        edges { node { ${SUMMARY} } }
        pageInfo { hasNextPage endCursor }
        totalCount
        facets { categories { slug name count } priceBands { key label minCents maxCents count } }
      }
    }`,
    { filter, sort, first, after },
  )
  const { edges, ...rest } = data.courses
  return { ...rest, courses: edges.map((edge) => edge.node) }
}

/** Published courses an admin features, newest featured first (at most 8). */
export async function fetchFeaturedCourses(): Promise<CourseSummary[]> {
  return (await request<{ featuredCourses: CourseSummary[] }>(`query Featured { featuredCourses { ${SUMMARY} } }`)).featuredCourses
}

export async function fetchCategories(): Promise<Category[]> {
  return (await request<{ categories: Category[] }>('query Categories { categories { id slug name } }')).categories
}

export async function fetchCourse(slug: string): Promise<CourseDetail | null> {
  const data = await request<{ course: CourseDetail | null }>(
    `query Course($slug: String!) { course(slug: $slug) { ${DETAIL} } }`,
    { slug },
  )
  return data.course
}

/** For pages that cannot show anything without the course: a missing one is an error state. */
export async function requireCourse(slug: string): Promise<CourseDetail> {
  const found = await fetchCourse(slug)
  if (!found) throw new Error('This course does not exist, or is not published.')
  return found
}

export async function fetchReviews(slug: string, after: string | null): Promise<{ reviews: Review[]; pageInfo: CoursePage['pageInfo'] }> {
  const data = await request<{ course: { reviews: Connection<Review> } | null }>(
    `query Reviews($slug: String!, $after: String) {
      course(slug: $slug) { reviews(first: 10, after: $after) { edges { node { ${REVIEW} } } pageInfo { hasNextPage endCursor } } }
    }`,
    { slug, after },
  )
  if (!data.course) return { reviews: [], pageInfo: { hasNextPage: false, endCursor: null } }
  return { reviews: data.course.reviews.edges.map((edge) => edge.node), pageInfo: data.course.reviews.pageInfo }
}

export async function enroll(courseId: string): Promise<Enrollment> {
  const data = await request<{ enroll: Enrollment }>(
    `mutation Enroll($id: ID!) { enroll(courseId: $id) { ${ENROLLMENT} } }`,
    { id: courseId },
  )
  return data.enroll
}

export interface LearningItem extends Enrollment {
  course: CourseSummary
}

export async function fetchMyLearning(): Promise<LearningItem[]> {
  const data = await request<{ myLearning: LearningItem[] }>(
    `query MyLearning { myLearning { ${ENROLLMENT} course { ${SUMMARY} } } }`,
  )
  return data.myLearning
}

export async function setLessonCompleted(lessonId: string, completed: boolean): Promise<void> {
  if (completed) {
    await request('mutation Complete($id: ID!) { completeLesson(lessonId: $id) { completedAt } }', { id: lessonId })
  } else {
    await request('mutation Uncomplete($id: ID!) { uncompleteLesson(lessonId: $id) }', { id: lessonId })
  }
}

export async function submitReview(courseId: string, rating: number, body: string): Promise<Review> {
  const data = await request<{ submitReview: Review }>(
    `mutation Review($id: ID!, $rating: Int!, $body: String) { submitReview(courseId: $id, rating: $rating, body: $body) { ${REVIEW} } }`,
    { id: courseId, rating, body },
  )
  return data.submitReview
}

export async function updateReview(id: string, rating: number, body: string): Promise<Review> {
  const data = await request<{ updateReview: Review }>(
    `mutation EditReview($id: ID!, $rating: Int, $body: String) { updateReview(id: $id, rating: $rating, body: $body) { ${REVIEW} } }`,
    { id, rating, body },
  )
  return data.updateReview
}

// --- Authoring ---------------------------------------------------------------------------------

export interface CourseInput {
  title?: string
  subtitle?: string
  description?: string
  categorySlug?: string
  level?: CourseLevel
  language?: string
  priceCents?: number
  currency?: string
}

export interface StudioCourse extends CourseSummary {
  status: CourseStatus
  description: string
  publicationChecklist: string[] | null
}

const STUDIO = `${SUMMARY} status description publicationChecklist`

export async function fetchMyCourses(): Promise<StudioCourse[]> {
  return (await request<{ myCourses: StudioCourse[] }>(`query MyCourses { myCourses { ${STUDIO} } }`)).myCourses
}

export async function createCourse(input: CourseInput): Promise<StudioCourse> {
  const data = await request<{ createCourse: StudioCourse }>(
    `mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { ${STUDIO} } }`,
    { input },
  )
  return data.createCourse
}

export async function updateCourse(id: string, input: CourseInput): Promise<StudioCourse> {
  const data = await request<{ updateCourse: StudioCourse }>(
    `mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { ${STUDIO} } }`,
    { id, input },
  )
  return data.updateCourse
}

export type StatusChange = 'publishCourse' | 'unpublishCourse' | 'archiveCourse'

export async function changeStatus(id: string, change: StatusChange): Promise<StudioCourse> {
  const data = await request<Record<StatusChange, StudioCourse>>(
    `mutation Status($id: ID!) { ${change}(id: $id) { ${STUDIO} } }`,
    { id },
  )
  return data[change]
}

export async function createModule(courseId: string, title: string): Promise<Module> {
  const data = await request<{ createModule: Module }>(
    `mutation CreateModule($id: ID!, $title: String!) { createModule(courseId: $id, title: $title) { id title position lessons { ${LESSON} } } }`,
    { id: courseId, title },
  )
  return data.createModule
}

export async function updateModule(id: string, title: string): Promise<void> {
  await request('mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }', { id, title })
}

export async function deleteModule(id: string): Promise<void> {
  await request('mutation DeleteModule($id: ID!) { deleteModule(id: $id) }', { id })
}

export async function reorderModules(courseId: string, moduleIds: string[]): Promise<void> {
  await request('mutation ReorderModules($id: ID!, $ids: [ID!]!) { reorderModules(courseId: $id, moduleIds: $ids) { id } }', {
    id: courseId,
    ids: moduleIds,
  })
}

export interface LessonInput {
  title?: string
  kind?: LessonKind
  body?: string
  videoUrl?: string
  durationSeconds?: number
  isPreview?: boolean
}

export async function createLesson(moduleId: string, input: LessonInput): Promise<Lesson> {
  const data = await request<{ createLesson: Lesson }>(
    `mutation CreateLesson($id: ID!, $input: LessonInput!) { createLesson(moduleId: $id, input: $input) { ${LESSON} } }`,
    { id: moduleId, input },
  )
  return data.createLesson
}

export async function updateLesson(id: string, input: LessonInput): Promise<Lesson> {
  const data = await request<{ updateLesson: Lesson }>(
    `mutation UpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ${LESSON} } }`,
    { id, input },
  )
  return data.updateLesson
}

export async function deleteLesson(id: string): Promise<void> {
  await request('mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }', { id })
}

export async function reorderLessons(moduleId: string, lessonIds: string[]): Promise<void> {
  await request('mutation ReorderLessons($id: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $id, lessonIds: $ids) { id } }', {
    id: moduleId,
    ids: lessonIds,
  })
}

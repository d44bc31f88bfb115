/**
 * Announcement emails, per course: all (the default) or none. Only the viewer's enrolled courses
 * are listed and can be set; the server answers FORBIDDEN for any other.
 */
import { request } from './api'

export interface CourseNotificationSetting {
  course: { id: string; slug: string; title: string }
  enabled: boolean
}

const SETTING = 'enabled course { id slug title }'

export async function fetchNotificationSettings(): Promise<CourseNotificationSetting[]> {
  const data = await request<{ notificationSettings: CourseNotificationSetting[] }>(
    `query NotificationSettings { notificationSettings { ${SETTING} } }`,
  )
  return data.notificationSettings
}

export async function setCourseNotifications(courseId: string, enabled: boolean): Promise<CourseNotificationSetting> {
  const data = await request<{ setCourseNotifications: CourseNotificationSetting }>(
    `mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {
      setCourseNotifications(courseId: $id, enabled: $enabled) { ${SETTING} }
    }`,
    { id: courseId, enabled },
  )
  return data.setCourseNotifications
}
